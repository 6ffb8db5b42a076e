package com.nusomi.captureingest.rest;

import static com.nusomi.captureingest.service.UploadRejectedException.invalid;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nusomi.captureingest.config.CaptureIngestConfig;
import com.nusomi.captureingest.image.NotWebpException;
import com.nusomi.captureingest.image.WebpHeader;
import com.nusomi.captureingest.service.FrameBatch;
import com.nusomi.captureingest.service.IncomingFrame;
import com.nusomi.captureingest.service.RejectReason;
import com.nusomi.contracts.avro.AppInfo;
import com.nusomi.contracts.avro.Cursor;
import com.nusomi.contracts.avro.Viewport;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.resteasy.reactive.server.multipart.FormValue;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

/**
 * Turns the multipart body of a frame upload (SPEC §4 "Frame upload") into a {@link FrameBatch}, checking everything
 * the request can be checked for on its own: the metadata, the parts, the size and every image's WebP header.
 * Whatever is wrong is refused with 400 {@code invalid_request} and a {@code param} naming the field or part.
 */
@ApplicationScoped
public class FrameUploadReader {
    /** Name of the part that carries the JSON description of the frames. */
    public static final String METADATA_PART = "metadata";

    private final CaptureIngestConfig config;
    private final ObjectMapper json;

    FrameUploadReader(CaptureIngestConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
    }

    public FrameBatch read(String sessionId, String workspaceId, MultipartFormDataInput input) {
        Map<String, Collection<FormValue>> parts = input.getValues();
        FormValue metadataPart = single(parts, METADATA_PART, METADATA_PART, RejectReason.INVALID_METADATA, 0);
        if (metadataPart == null) {
            throw invalid(RejectReason.INVALID_METADATA, 0, "the metadata part is missing", METADATA_PART);
        }
        checkSize(parts, 0);
        JsonNode frames = framesOf(parseMetadata(metadataPart));
        int declared = frames.size();
        if (declared == 0) {
            throw invalid(RejectReason.INVALID_METADATA, 0, "frames must hold at least one frame", "metadata.frames");
        }
        if (declared > config.maxFramesPerRequest()) {
            throw invalid(RejectReason.TOO_MANY_FRAMES, declared, "an upload carries at most "
                    + config.maxFramesPerRequest() + " frames, this one " + declared, "metadata.frames");
        }
        List<FrameFields> described = new ArrayList<>(declared);
        for (int i = 0; i < declared; i++) {
            FrameFields frame = frameFields(frames.get(i), i, declared);
            if (i > 0 && frame.tMs() <= described.get(i - 1).tMs()) {
                throw invalid(RejectReason.T_MS_ORDER, declared, "t_ms must rise strictly within an upload: "
                        + frame.tMs() + " follows " + described.get(i - 1).tMs(), param(i, "t_ms"));
            }
            described.add(frame);
        }
        checkParts(parts, described);
        Map<String, Image> images = new HashMap<>();
        List<IncomingFrame> incoming = new ArrayList<>(declared);
        for (FrameFields frame : described) {
            Image image = images.computeIfAbsent(frame.part(), part -> readImage(parts, part, declared));
            incoming.add(new IncomingFrame(frame.index(), frame.tMs(), frame.part(), image.bytes(), image.info(),
                    frame.viewport(), frame.domJson(), frame.accessibilityTreeJson(), frame.app(), frame.cursor()));
        }
        return new FrameBatch(sessionId, workspaceId, incoming);
    }

    /** A frame's metadata, checked; {@code part} names its image part. */
    private record FrameFields(int index, long tMs, String part, Viewport viewport, String domJson,
                               String accessibilityTreeJson, AppInfo app, Cursor cursor) {}

    private record Image(byte[] bytes, WebpHeader.Info info) {}

    // ---------- metadata ----------

    private JsonNode parseMetadata(FormValue part) {
        String text = part.isFileItem() ? new String(bytesOf(part), StandardCharsets.UTF_8) : part.getValue();
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw invalid(RejectReason.INVALID_METADATA, 0, "metadata is not valid JSON: " + e.getOriginalMessage(), METADATA_PART);
        }
    }

    private static JsonNode framesOf(JsonNode metadata) {
        if (metadata == null || !metadata.isObject()) {
            throw invalid(RejectReason.INVALID_METADATA, 0, "metadata must be a JSON object {\"frames\": [...]}", METADATA_PART);
        }
        JsonNode frames = metadata.get("frames");
        if (frames == null || !frames.isArray()) {
            throw invalid(RejectReason.INVALID_METADATA, 0, "metadata.frames must be an array of frames", "metadata.frames");
        }
        return frames;
    }

    private FrameFields frameFields(JsonNode frame, int i, int declared) {
        if (!frame.isObject()) {
            throw invalid(RejectReason.INVALID_METADATA, declared, "each frame must be a JSON object", "metadata.frames[" + i + "]");
        }
        JsonNode tMs = frame.get("t_ms");
        if (tMs == null || !tMs.isIntegralNumber() || !tMs.canConvertToLong() || tMs.longValue() < 0) {
            throw invalid(RejectReason.INVALID_METADATA, declared, "t_ms must be an integer >= 0 (milliseconds since session start)",
                    param(i, "t_ms"));
        }
        JsonNode image = frame.get("image");
        if (image == null || !image.isTextual() || image.asText().isEmpty() || image.asText().equals(METADATA_PART)) {
            throw invalid(RejectReason.INVALID_METADATA, declared, "image must name the part that carries this frame's WebP bytes",
                    param(i, "image"));
        }
        return new FrameFields(i, tMs.longValue(), image.asText(), viewport(frame.get("viewport"), i, declared),
                jsonObjectText(frame.get("dom"), param(i, "dom"), declared),
                jsonObjectText(frame.get("accessibility_tree"), param(i, "accessibility_tree"), declared),
                app(frame.get("app"), i, declared), cursor(frame.get("cursor"), i, declared));
    }

    private static Viewport viewport(JsonNode node, int i, int declared) {
        if (isAbsent(node)) {
            return null;
        }
        requireObject(node, param(i, "viewport"), declared);
        int w = positiveInt(node.get("w"), param(i, "viewport.w"), declared);
        int h = positiveInt(node.get("h"), param(i, "viewport.h"), declared);
        JsonNode scale = node.get("scale");
        double s = 1.0;
        if (!isAbsent(scale)) {
            if (!scale.isNumber() || !(scale.doubleValue() > 0) || Double.isInfinite(scale.doubleValue())) {
                throw invalid(RejectReason.INVALID_METADATA, declared, "viewport.scale must be a number > 0", param(i, "viewport.scale"));
            }
            s = scale.doubleValue();
        }
        return new Viewport(w, h, s);
    }

    private static AppInfo app(JsonNode node, int i, int declared) {
        if (isAbsent(node)) {
            return null;
        }
        requireObject(node, param(i, "app"), declared);
        return new AppInfo(optionalText(node.get("bundle_id"), param(i, "app.bundle_id"), declared),
                optionalText(node.get("name"), param(i, "app.name"), declared),
                optionalText(node.get("version"), param(i, "app.version"), declared));
    }

    private static Cursor cursor(JsonNode node, int i, int declared) {
        if (isAbsent(node)) {
            return null;
        }
        requireObject(node, param(i, "cursor"), declared);
        return new Cursor(anyInt(node.get("x"), param(i, "cursor.x"), declared), anyInt(node.get("y"), param(i, "cursor.y"), declared));
    }

    private String jsonObjectText(JsonNode node, String param, int declared) {
        if (isAbsent(node)) {
            return null;
        }
        requireObject(node, param, declared);
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed JSON tree must serialize", e);
        }
    }

    private static boolean isAbsent(JsonNode node) {
        return node == null || node.isNull();
    }

    private static void requireObject(JsonNode node, String param, int declared) {
        if (!node.isObject()) {
            throw invalid(RejectReason.INVALID_METADATA, declared, param.substring(param.lastIndexOf('.') + 1)
                    + " must be a JSON object or null", param);
        }
    }

    private static int positiveInt(JsonNode node, String param, int declared) {
        if (node == null || !node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() <= 0) {
            throw invalid(RejectReason.INVALID_METADATA, declared, "must be an integer > 0", param);
        }
        return node.intValue();
    }

    private static int anyInt(JsonNode node, String param, int declared) {
        if (node == null || !node.isIntegralNumber() || !node.canConvertToInt()) {
            throw invalid(RejectReason.INVALID_METADATA, declared, "must be an integer", param);
        }
        return node.intValue();
    }

    private static String optionalText(JsonNode node, String param, int declared) {
        if (isAbsent(node)) {
            return null;
        }
        if (!node.isTextual()) {
            throw invalid(RejectReason.INVALID_METADATA, declared, "must be a string or null", param);
        }
        return node.asText();
    }

    private static String param(int i, String field) {
        return "metadata.frames[" + i + "]." + field;
    }

    // ---------- parts ----------

    /** Every frame's image part is there, once; no part is there that no frame names. */
    private static void checkParts(Map<String, Collection<FormValue>> parts, List<FrameFields> frames) {
        int declared = frames.size();
        Set<String> referenced = new LinkedHashSet<>();
        for (FrameFields frame : frames) {
            if (single(parts, frame.part(), frame.part(), RejectReason.MISSING_PART, declared) == null) {
                throw invalid(RejectReason.MISSING_PART, declared, "no part named '" + frame.part() + "' carries this frame's image",
                        param(frame.index(), "image"));
            }
            referenced.add(frame.part());
        }
        for (String name : parts.keySet()) {
            if (!name.equals(METADATA_PART) && !referenced.contains(name)) {
                throw invalid(RejectReason.UNKNOWN_PART, declared, "part '" + name + "' is not the image of any frame", name);
            }
        }
    }

    /** The one part named {@code name}, or null; a part sent twice is refused. */
    private static FormValue single(Map<String, Collection<FormValue>> parts, String name, String param,
                                    RejectReason reason, int declared) {
        Collection<FormValue> values = parts.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw invalid(reason, declared, "part '" + name + "' is sent " + values.size() + " times", param);
        }
        return values.iterator().next();
    }

    /** All parts together, metadata included, stay within the upload limit; the part that crosses it is named. */
    private void checkSize(Map<String, Collection<FormValue>> parts, int declared) {
        long total = 0;
        for (Map.Entry<String, Collection<FormValue>> entry : parts.entrySet()) {
            for (FormValue value : entry.getValue()) {
                total += sizeOf(value);
                if (total > config.maxRequestBytes()) {
                    throw invalid(RejectReason.TOO_LARGE, declared, "an upload carries at most " + config.maxRequestBytes()
                            + " bytes; part '" + entry.getKey() + "' takes it to " + total, entry.getKey());
                }
            }
        }
    }

    private Image readImage(Map<String, Collection<FormValue>> parts, String name, int declared) {
        FormValue part = parts.get(name).iterator().next();
        if (!part.isFileItem()) {
            throw invalid(RejectReason.NOT_WEBP, declared, "part '" + name + "' arrived as text; send it with Content-Type image/webp",
                    name);
        }
        byte[] bytes = bytesOf(part);
        WebpHeader.Info info;
        try {
            info = WebpHeader.read(bytes);
        } catch (NotWebpException e) {
            throw invalid(RejectReason.NOT_WEBP, declared, "part '" + name + "' " + e.getMessage(), name);
        }
        int max = config.maxImageDimension();
        if (info.width() > max || info.height() > max) {
            throw invalid(RejectReason.BAD_DIMENSIONS, declared, "part '" + name + "' is " + info.width() + "x" + info.height()
                    + " pixels; width and height must be 1.." + max, name);
        }
        return new Image(bytes, info);
    }

    private static long sizeOf(FormValue value) {
        if (!value.isFileItem()) {
            return value.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        try {
            return value.getFileItem().getFileSize();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot size uploaded part", e);
        }
    }

    private static byte[] bytesOf(FormValue value) {
        try (InputStream in = value.getFileItem().getInputStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read uploaded part", e);
        }
    }
}
