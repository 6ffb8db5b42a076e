package com.nusomi.captureingest.service;

import com.nusomi.captureingest.config.CaptureIngestConfig;
import com.nusomi.captureingest.image.ScreenFingerprint;
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
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Ingests an upload. The endpoint streams: each frame's image is masked, hashed and stored as soon as its part is
 * complete ({@link #prepareAndStore}), then, once the request is whole, the index rows are inserted as pending → the
 * records published → (all acknowledged) the rows marked published → answer ({@link #ingestStored}). {@link #ingest}
 * does the same for a batch read whole (rows first, then images). Either way a record is published only once its
 * image is stored, and a frame whose earlier attempt stopped anywhere after the index insert is delivered again under
 * the same frame id when the client retries; downstream projections are idempotent by frame id, so nothing is lost
 * and nothing is counted twice.
 */
@ApplicationScoped
public class FrameIngestService {
    private static final Logger LOG = Logger.getLogger(FrameIngestService.class);
    private static final byte[] NO_BYTES = new byte[0];

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
        List<PreparedFrame> frames = batch.frames().stream()
                .map(f -> prepare(batch.workspaceId(), batch.sessionId(), f)).toList();
        return index(batch.sessionId(), batch.workspaceId(), frames, true);
    }

    /** A frame of a streamed upload whose image is stored: masked and hashed; its image bytes are no longer held. */
    public record ReadyFrame(IncomingFrame frame, String sha256, String receivedSha256, long size, byte[] fingerprint) {}

    /** What the index holds for a streamed upload's t_ms values, once its metadata is read (see {@link IndexSnapshot}). */
    public Uni<IndexSnapshot> snapshot(String sessionId, List<Long> tMs) {
        return index.snapshot(sessionId, tMs);
    }

    /**
     * One frame of a streamed upload, as soon as its image part is complete: masks and hashes it, refuses it if
     * {@code snapshot} shows the index would, and stores its image unless a published frame or this upload
     * ({@code stored}: the SHA-256s it already wrote) has it. Blocking (object store): worker threads only.
     */
    public ReadyFrame prepareAndStore(String workspaceId, String sessionId, IncomingFrame frame, Set<String> stored,
                                      IndexSnapshot snapshot, int declared) {
        PreparedFrame prepared = prepare(workspaceId, sessionId, frame);
        boolean needed = snapshot.needsImage(frame.index(), frame.tMs(), prepared.sha256(), prepared.receivedSha256(), declared);
        if (needed && stored.add(prepared.sha256())) {
            metrics.bytesStored(blobs.store(prepared.sha256(), prepared.frame().image()));
        }
        IncomingFrame f = prepared.frame();
        return new ReadyFrame(f.with(NO_BYTES, f.imageInfo(), f.domJson(), f.accessibilityTreeJson()), prepared.sha256(),
                prepared.receivedSha256(), prepared.size(), prepared.fingerprint());
    }

    /** The frames of a streamed upload (images already stored, see {@link #prepareAndStore}) indexed and published, in request order. */
    public Uni<List<StoredFrame>> ingestStored(String sessionId, String workspaceId, List<ReadyFrame> frames) {
        return index(sessionId, workspaceId,
                frames.stream().map(f -> new PreparedFrame(f.frame(), f.sha256(), f.receivedSha256(), f.size(), f.fingerprint()))
                        .toList(), false);
    }

    private Uni<List<StoredFrame>> index(String sessionId, String workspaceId, List<PreparedFrame> frames, boolean storeImages) {
        IndexPlan plan = new IndexPlan(frames.stream()
                .map(f -> new IndexPlan.Candidate(f.frame().index(), f.frame().tMs(), f.sha256(), f.receivedSha256(),
                        f.fingerprint()))
                .toList());
        return index.reserve(sessionId, plan)
                .call(reserved -> deliver(sessionId, workspaceId, frames, reserved, storeImages))
                .map(reserved -> {
                    int fresh = (int) reserved.stream().filter(IndexPlan.Reserved::fresh).count();
                    metrics.accepted(fresh, reserved.size() - fresh);
                    return reserved.stream()
                            .map(r -> new StoredFrame(r.entry().frameId(), r.entry().tMs(), r.entry().keyframe()))
                            .toList();
                });
    }

    /**
     * A frame as it will be stored: masked, with the SHA-256 (hex), length and fingerprint of its image bytes, and the
     * SHA-256 of the image as received (what identifies a retry).
     */
    private record PreparedFrame(IncomingFrame frame, String sha256, String receivedSha256, long size, byte[] fingerprint) {}

    private PreparedFrame prepare(String workspaceId, String sessionId, IncomingFrame frame) {
        IncomingFrame masked = masker.mask(workspaceId, sessionId, frame);
        boolean imageMasked = masked.image() != frame.image();
        if (imageMasked) {
            // a masker that changed the image: take width and height from the bytes that will be stored
            masked = masked.with(masked.image(), WebpHeader.read(masked.image()), masked.domJson(), masked.accessibilityTreeJson());
        }
        String stored = sha256(masked.image());
        String received = imageMasked ? sha256(frame.image()) : stored;
        // min-changed-fraction 0 turns the pixel measure off (any byte change is a keyframe): no decode at all
        byte[] fingerprint = config.keyframe().minChangedFraction() > 0 ? ScreenFingerprint.of(masked.image()) : null;
        return new PreparedFrame(masked, stored, received, masked.image().length, fingerprint);
    }

    /**
     * Stores the images (unless a streamed upload stored them already) and publishes the records of the frames that
     * may not have made it yet, then marks them.
     */
    private Uni<Void> deliver(String sessionId, String workspaceId, List<PreparedFrame> frames,
                              List<IndexPlan.Reserved> reserved, boolean storeImages) {
        List<PreparedFrame> pending = new ArrayList<>();
        List<FrameCaptured> records = new ArrayList<>();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        for (int i = 0; i < frames.size(); i++) {
            if (reserved.get(i).needsDelivery()) {
                pending.add(frames.get(i));
                records.add(record(sessionId, workspaceId, frames.get(i), reserved.get(i).entry(), now));
            }
        }
        if (pending.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Uni<Void> stored = storeImages
                ? storeImages(pending).invoke(metrics::bytesStored).replaceWithVoid()
                : Uni.createFrom().voidItem();
        return stored
                .chain(() -> publisher.publish(records)
                        .ifNoItem().after(config.publishTimeout())
                        .failWith(() -> new IllegalStateException("Kafka did not acknowledge the frames within "
                                + config.publishTimeout())))
                .chain(() -> index.markPublished(sessionId, pending.stream().map(f -> f.frame().tMs()).toList()))
                .invoke(() -> LOG.debugf("session %s: delivered %d frame(s)", sessionId, pending.size()));
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

    private FrameCaptured record(String sessionId, String workspaceId, PreparedFrame prepared, IndexPlan.Entry entry,
                                 Instant capturedAt) {
        IncomingFrame f = prepared.frame();
        BlobRef image = BlobRef.newBuilder()
                .setBucket(blobs.bucket())
                .setKey(FrameBlobStore.keyOf(prepared.sha256()))
                .setSha256(prepared.sha256())
                .setSize(prepared.size())
                .setW(f.imageInfo().width())
                .setH(f.imageInfo().height())
                .build();
        return FrameCaptured.newBuilder()
                .setFrameId(entry.frameId())
                .setSessionId(sessionId)
                .setWorkspaceId(workspaceId)
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
