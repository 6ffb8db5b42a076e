package com.nusomi.captureingest.service;

import com.nusomi.captureingest.config.CaptureIngestConfig;
import com.nusomi.captureingest.image.WebpHeader;
import com.nusomi.captureingest.masking.FrameMasker;
import com.nusomi.captureingest.messaging.FramePublisher;
import com.nusomi.captureingest.metrics.IngestMetrics;
import com.nusomi.captureingest.persistence.FrameIndex;
import com.nusomi.captureingest.storage.FrameBlobStore;
import com.nusomi.contracts.avro.BlobRef;
import com.nusomi.contracts.avro.FrameCaptured;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Ingests a validated upload. Per frame, in this order: index row inserted as pending → image stored → record
 * published → (all acknowledged) row marked published → answer. A frame whose earlier attempt stopped anywhere after
 * the index insert is delivered again under the same frame id when the client retries; downstream projections are
 * idempotent by frame id, so nothing is lost and nothing is counted twice.
 */
@ApplicationScoped
public class FrameIngestService {
    private static final Logger LOG = Logger.getLogger(FrameIngestService.class);

    private final FrameMasker masker;
    private final FrameIndex index;
    private final FrameBlobStore blobs;
    private final FramePublisher publisher;
    private final IngestMetrics metrics;
    private final CaptureIngestConfig config;

    FrameIngestService(FrameMasker masker, FrameIndex index, FrameBlobStore blobs, FramePublisher publisher,
                       IngestMetrics metrics, CaptureIngestConfig config) {
        this.masker = masker;
        this.index = index;
        this.blobs = blobs;
        this.publisher = publisher;
        this.metrics = metrics;
        this.config = config;
    }

    /** The frames of {@code batch} as stored, in request order; fails with {@link UploadRejectedException} before storing anything. */
    public Uni<List<StoredFrame>> ingest(FrameBatch batch) {
        List<PreparedFrame> frames = batch.frames().stream().map(f -> prepare(batch, f)).toList();
        IndexPlan plan = new IndexPlan(frames.stream()
                .map(f -> new IndexPlan.Candidate(f.frame().index(), f.frame().tMs(), f.sha256()))
                .toList());
        return index.reserve(batch.sessionId(), plan)
                .call(reserved -> deliver(batch, frames, reserved))
                .map(reserved -> {
                    int fresh = (int) reserved.stream().filter(IndexPlan.Reserved::fresh).count();
                    metrics.accepted(fresh, reserved.size() - fresh);
                    return reserved.stream()
                            .map(r -> new StoredFrame(r.entry().frameId(), r.entry().tMs(), r.entry().keyframe()))
                            .toList();
                });
    }

    /** A frame as it will be stored: masked, with the SHA-256 (hex) of its image bytes. */
    private record PreparedFrame(IncomingFrame frame, String sha256) {}

    private PreparedFrame prepare(FrameBatch batch, IncomingFrame frame) {
        IncomingFrame masked = masker.mask(batch.workspaceId(), batch.sessionId(), frame);
        if (masked.image() != frame.image()) {
            // a masker that changed the image: take width and height from the bytes that will be stored
            masked = masked.with(masked.image(), WebpHeader.read(masked.image()), masked.domJson(), masked.accessibilityTreeJson());
        }
        return new PreparedFrame(masked, sha256(masked.image()));
    }

    /** Stores the images and publishes the records of the frames that may not have made it yet, then marks them. */
    private Uni<Void> deliver(FrameBatch batch, List<PreparedFrame> frames, List<IndexPlan.Reserved> reserved) {
        List<PreparedFrame> pending = new ArrayList<>();
        List<FrameCaptured> records = new ArrayList<>();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        for (int i = 0; i < frames.size(); i++) {
            if (reserved.get(i).needsDelivery()) {
                pending.add(frames.get(i));
                records.add(record(batch, frames.get(i), reserved.get(i).entry(), now));
            }
        }
        if (pending.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return storeImages(pending)
                .invoke(metrics::bytesStored)
                .chain(() -> publisher.publish(records)
                        .ifNoItem().after(config.publishTimeout())
                        .failWith(() -> new IllegalStateException("Kafka did not acknowledge the frames within "
                                + config.publishTimeout())))
                .chain(() -> index.markPublished(batch.sessionId(), pending.stream().map(f -> f.frame().tMs()).toList()))
                .invoke(() -> LOG.debugf("session %s: delivered %d frame(s)", batch.sessionId(), pending.size()));
    }

    /** Puts each distinct image once, a few at a time on worker threads; emits the bytes written. */
    private Uni<Long> storeImages(List<PreparedFrame> frames) {
        Map<String, byte[]> distinct = new LinkedHashMap<>();
        frames.forEach(f -> distinct.putIfAbsent(f.sha256(), f.frame().image()));
        return Multi.createFrom().iterable(distinct.entrySet())
                .onItem().transformToUni(image -> Uni.createFrom().item(() -> blobs.store(image.getKey(), image.getValue()))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()))
                .merge(config.storeConcurrency())
                .collect().with(Collectors.summingLong(Long::longValue));
    }

    private FrameCaptured record(FrameBatch batch, PreparedFrame prepared, IndexPlan.Entry entry, Instant capturedAt) {
        IncomingFrame f = prepared.frame();
        BlobRef image = BlobRef.newBuilder()
                .setBucket(blobs.bucket())
                .setKey(FrameBlobStore.keyOf(prepared.sha256()))
                .setSha256(prepared.sha256())
                .setSize(f.image().length)
                .setW(f.imageInfo().width())
                .setH(f.imageInfo().height())
                .build();
        return FrameCaptured.newBuilder()
                .setFrameId(entry.frameId())
                .setSessionId(batch.sessionId())
                .setWorkspaceId(batch.workspaceId())
                .setTMs(entry.tMs())
                .setImage(image)
                .setViewport(f.viewport())
                .setDom(f.domJson())
                .setAccessibilityTree(f.accessibilityTreeJson())
                .setApp(f.app())
                .setCursor(f.cursor())
                .setKeyframe(entry.keyframe())
                .setCapturedAt(capturedAt)
                .build();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
