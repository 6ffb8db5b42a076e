package com.nusomi.captureingest.rest;

import static com.nusomi.captureingest.service.UploadRejectedException.invalid;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nusomi.captureingest.config.CaptureIngestConfig;
import com.nusomi.captureingest.image.NotWebpException;
import com.nusomi.captureingest.image.WebpHeader;
import com.nusomi.captureingest.service.IncomingFrame;
import com.nusomi.captureingest.service.RejectReason;
import com.nusomi.contracts.avro.AppInfo;
import com.nusomi.contracts.avro.Cursor;
import com.nusomi.contracts.avro.Viewport;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The checks of a frame upload (SPEC §4 "Frame upload") that need nothing stored: the metadata (bound by
 * {@link MetadataBinding}, then at most 50 frames, {@code t_ms} rising strictly, each frame naming an image part) and
 * each image part (a WebP still image within the size limits). Whatever is wrong is refused with 400
 * {@code invalid_request} and a {@code param} naming the field or part.
 */
@ApplicationScoped
public class FrameUploadReader {
    /** Name of the part that carries the JSON description of the frames. */
    public static final String METADATA_PART = MetadataBinding.PART;

    private final CaptureIngestConfig config;
    private final MetadataBinding binding;

    FrameUploadReader(CaptureIngestConfig config, MetadataBinding binding) {
        this.config = config;
        this.binding = binding;
    }

    /** A frame's metadata, checked; {@code part} names its image part. */
    public record FrameFields(int index, long tMs, String part, Viewport viewport, String domJson,
                              String accessibilityTreeJson, AppInfo app, Cursor cursor) {}

    /** What the metadata describes: the frames in request order and, per image part, the frames showing it. */
    public record Plan(List<FrameFields> frames, Map<String, List<FrameFields>> byPart) {
        public boolean names(String part) {
            return byPart.containsKey(part);
        }
    }

    /** An image part, checked: its bytes and what its header says. */
    public record Image(String part, byte[] bytes, WebpHeader.Info info) {}

    public Plan plan(byte[] metadataPart) {
        UploadMetadata metadata = binding.bind(metadataPart);
        int declared = metadata.frames().size();
        if (declared > config.maxFramesPerRequest()) {
            throw invalid(RejectReason.TOO_MANY_FRAMES, declared, "an upload carries at most "
                    + config.maxFramesPerRequest() + " frames, this one " + declared, "metadata.frames");
        }
        List<FrameFields> frames = new ArrayList<>(declared);
        Map<String, List<FrameFields>> byPart = new LinkedHashMap<>();
        for (int i = 0; i < declared; i++) {
            UploadMetadata.Frame frame = metadata.frames().get(i);
            if (frame.image().isEmpty() || frame.image().equals(METADATA_PART)) {
                throw invalid(RejectReason.INVALID_METADATA, declared,
                        "image must name the part that carries this frame's WebP bytes", param(i, "image"));
            }
            if (frame.viewport() != null && frame.viewport().scale() != null && frame.viewport().scale().isInfinite()) {
                throw invalid(RejectReason.INVALID_METADATA, declared, "viewport.scale must be a finite number > 0",
                        param(i, "viewport.scale"));
            }
            if (i > 0 && frame.tMs() <= frames.get(i - 1).tMs()) {
                throw invalid(RejectReason.T_MS_ORDER, declared, "t_ms must rise strictly within an upload: "
                        + frame.tMs() + " follows " + frames.get(i - 1).tMs(), param(i, "t_ms"));
            }
            FrameFields fields = new FrameFields(i, frame.tMs(), frame.image(),
                    frame.viewport() == null ? null : frame.viewport().toAvro(),
                    text(frame.dom()), text(frame.accessibilityTree()),
                    frame.app() == null ? null : frame.app().toAvro(),
                    frame.cursor() == null ? null : frame.cursor().toAvro());
            frames.add(fields);
            byPart.computeIfAbsent(frame.image(), p -> new ArrayList<>()).add(fields);
        }
        return new Plan(List.copyOf(frames), byPart);
    }

    /** The part as a WebP still image within the dimension limit. */
    public Image image(String part, byte[] bytes, int declared) {
        WebpHeader.Info info;
        try {
            info = WebpHeader.read(bytes);
        } catch (NotWebpException e) {
            throw invalid(RejectReason.NOT_WEBP, declared, "part '" + part + "' " + e.getMessage(), part);
        }
        int max = config.maxImageDimension();
        if (info.width() > max || info.height() > max) {
            throw invalid(RejectReason.BAD_DIMENSIONS, declared, "part '" + part + "' is " + info.width() + "x" + info.height()
                    + " pixels; width and height must be 1.." + max, part);
        }
        return new Image(part, bytes, info);
    }

    /** The frame as the ingest takes it: its metadata and its checked image. */
    public static IncomingFrame incoming(FrameFields frame, Image image) {
        return new IncomingFrame(frame.index(), frame.tMs(), frame.part(), image.bytes(), image.info(),
                frame.viewport(), frame.domJson(), frame.accessibilityTreeJson(), frame.app(), frame.cursor());
    }

    static String param(int i, String field) {
        return "metadata.frames[" + i + "]." + field;
    }

    private static String text(ObjectNode node) {
        return node == null ? null : node.toString();
    }
}
