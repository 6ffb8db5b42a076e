package com.nusomi.captureingest.rest;

import static com.nusomi.captureingest.service.UploadRejectedException.invalid;

import com.nusomi.captureingest.service.FrameIngestService;
import com.nusomi.captureingest.service.FrameIngestService.ReadyFrame;
import com.nusomi.captureingest.service.IndexSnapshot;
import com.nusomi.captureingest.service.RejectReason;
import com.nusomi.captureingest.service.UploadRejectedException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One frame upload read as it arrives: the multipart body is parsed chunk by chunk and each image part, once
 * complete, is checked, masked, hashed and stored on a worker thread while the next parts are still arriving. At most
 * {@code storeConcurrency} images of the request are worked on at a time; parts completed beyond that (one chunk of
 * the body may end several small ones) wait, and the request is paused until they are under way, so the memory an
 * upload takes is bounded by the metadata, those images and one chunk, whatever the number of frames. Image parts
 * that arrive before {@code metadata} wait in memory (within the request's 32 MiB) until it says what they are.
 *
 * <p>The first refusal stops the work: the rest of the body is read and dropped (so the caller always gets the answer,
 * not a reset connection), running stores finish, then the refusal is the result. Images stored before the refusal
 * stay in the bucket without an index row; they are content-addressed, so a corrected retry writes the same keys.
 * All state is touched on the request's event loop; workers report back through {@link Context#runOnContext}.
 */
final class FrameUploadStream implements MultipartParser.Listener {
    private enum Kind { METADATA, IMAGE }

    private final HttpServerRequest request;
    private final Context context;
    private final String sessionId;
    private final String workspaceId;
    private final FrameUploadReader reader;
    private final FrameIngestService ingest;
    private final long maxBytes;
    private final int concurrency;
    private final MultipartParser parser;
    private final Set<String> storedShas = ConcurrentHashMap.newKeySet();

    private UniEmitter<? super List<ReadyFrame>> result;
    private FrameUploadReader.Plan plan;
    /** The index at the upload's t_ms values, read once the metadata is known; images wait for it. */
    private Uni<IndexSnapshot> snapshot;
    private ReadyFrame[] ready;
    private final Map<String, byte[]> early = new LinkedHashMap<>();
    private final java.util.ArrayDeque<Waiting> waiting = new java.util.ArrayDeque<>();
    private final Set<String> seenParts = new HashSet<>();
    private boolean metadataSeen;
    private String partName;
    private Kind partKind;
    private ByteArrayOutputStream partBytes;
    private long bytes;
    private int inFlight;
    private boolean paused;
    /** The metadata is being parsed: its parts wait, the request is paused. */
    private boolean planning;
    private boolean ended;
    private boolean finished;
    /** Set once the upload is refused or failed: from then on the body is only drained. */
    private volatile RuntimeException refusal;

    private FrameUploadStream(HttpServerRequest request, String boundary, String sessionId, String workspaceId,
                              FrameUploadReader reader, FrameIngestService ingest, long maxBytes, int concurrency,
                              RuntimeException refusal) {
        this.request = request;
        this.context = Vertx.currentContext();
        this.sessionId = sessionId;
        this.workspaceId = workspaceId;
        this.reader = reader;
        this.ingest = ingest;
        this.maxBytes = maxBytes;
        this.concurrency = Math.max(1, concurrency);
        this.parser = boundary == null ? null : new MultipartParser(boundary, this);
        this.refusal = refusal;
    }

    /** Reads the upload; the frames with their images stored, in request order, or the refusal. Event loop only. */
    static Uni<List<ReadyFrame>> read(HttpServerRequest request, String boundary, String sessionId, String workspaceId,
                                      FrameUploadReader reader, FrameIngestService ingest, long maxBytes, int concurrency) {
        return new FrameUploadStream(request, boundary, sessionId, workspaceId, reader, ingest, maxBytes, concurrency, null).start();
    }

    /** Reads and drops the body, then fails with {@code refusal} (answering before the body is read would reset it). */
    @SuppressWarnings("unchecked")
    static <T> Uni<T> drainThenFail(HttpServerRequest request, RuntimeException refusal) {
        return new FrameUploadStream(request, null, null, null, null, null, 0, 1, refusal).start()
                .onItem().transform(ignored -> (T) null);
    }

    private Uni<List<ReadyFrame>> start() {
        return Uni.createFrom().emitter(emitter -> {
            result = emitter;
            if (request.isEnded()) {
                ended = true;
                onEnd();
                return;
            }
            request.handler(this::onChunk);
            request.exceptionHandler(this::onBroken);
            request.endHandler(v -> onEnd());
            if ("100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
                request.response().writeContinue();
            }
            request.resume();
        });
    }

    // ---------- the body, chunk by chunk (event loop) ----------

    private void onChunk(Buffer chunk) {
        if (refusal != null || finished) {
            return; // drained
        }
        try {
            parser.feed(chunk.getBytes());
        } catch (MultipartParser.MalformedException e) {
            refuse(invalid(RejectReason.INVALID_METADATA, declared(), "the body is not well-formed multipart/form-data: "
                    + e.getMessage(), null));
        } catch (UploadRejectedException e) {
            refuse(e);
        }
    }

    private void onEnd() {
        ended = true;
        if (refusal == null && !planning) {
            endChecks();
        }
        finishWhenIdle();
    }

    /** The body has ended: it must be complete multipart and carry every frame's image part. */
    private void endChecks() {
        try {
            parser.finish();
            checkEveryFrameHasItsPart();
        } catch (MultipartParser.MalformedException e) {
            refuse(invalid(RejectReason.INVALID_METADATA, declared(), "the body is not well-formed multipart/form-data: "
                    + e.getMessage(), null));
        } catch (UploadRejectedException e) {
            refuse(e);
        }
    }

    private void onBroken(Throwable e) {
        refuse(new IllegalStateException("the upload broke off: " + e.getMessage(), e));
        ended = true;
        finishWhenIdle();
    }

    private void checkEveryFrameHasItsPart() {
        if (plan == null) {
            throw invalid(RejectReason.INVALID_METADATA, 0, "the metadata part is missing", FrameUploadReader.METADATA_PART);
        }
        for (FrameUploadReader.FrameFields frame : plan.frames()) {
            if (!seenParts.contains(frame.part())) {
                throw invalid(RejectReason.MISSING_PART, declared(), "no part named '" + frame.part()
                        + "' carries this frame's image", FrameUploadReader.param(frame.index(), "image"));
            }
        }
    }

    // ---------- parts (MultipartParser.Listener, event loop) ----------

    @Override
    public void partStarted(String name, String fileName, String contentType) {
        if (name.equals(FrameUploadReader.METADATA_PART)) {
            if (metadataSeen) {
                throw invalid(RejectReason.INVALID_METADATA, declared(), "part 'metadata' is sent twice", name);
            }
            metadataSeen = true;
            partKind = Kind.METADATA;
        } else {
            if (!seenParts.add(name)) {
                throw invalid(RejectReason.UNKNOWN_PART, declared(), "part '" + name + "' is sent twice", name);
            }
            if (plan != null && !plan.names(name)) {
                throw unknownPart(name);
            }
            partKind = Kind.IMAGE;
        }
        partName = name;
        partBytes = new ByteArrayOutputStream();
    }

    @Override
    public void content(byte[] data, int offset, int length) {
        bytes += length;
        if (bytes > maxBytes) {
            throw invalid(RejectReason.TOO_LARGE, declared(), "an upload carries at most " + maxBytes
                    + " bytes (all parts together); part '" + partName + "' takes it past that", partName);
        }
        partBytes.write(data, offset, length);
    }

    @Override
    public void partEnded() {
        byte[] data = partBytes.toByteArray();
        partBytes = null;
        if (partKind == Kind.METADATA) {
            // parsed on a worker (it may be megabytes of DOM snapshots); parts read meanwhile wait as early ones
            planning = true;
            inFlight++;
            pause();
            Uni.createFrom().item(() -> reader.plan(data))
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                    .subscribe().with(
                            read -> context.runOnContext(v -> planned(read)),
                            e -> context.runOnContext(v -> {
                                planning = false;
                                inFlight--;
                                refuse(e instanceof RuntimeException r ? r : new IllegalStateException(e));
                                finishWhenIdle();
                            }));
        } else if (plan == null) {
            early.put(partName, data);
        } else {
            store(partName, data);
        }
    }

    private void planned(FrameUploadReader.Plan read) {
        planning = false;
        inFlight--;
        if (refusal == null) {
            plan = read;
            ready = new ReadyFrame[plan.frames().size()];
            snapshot = ingest.snapshot(sessionId, plan.frames().stream().map(FrameUploadReader.FrameFields::tMs).toList())
                    .memoize().indefinitely();
            try {
                for (String name : early.keySet()) {
                    if (!plan.names(name)) {
                        throw unknownPart(name);
                    }
                }
                early.forEach(this::store);
                early.clear();
                if (ended) {
                    endChecks();
                }
            } catch (UploadRejectedException e) {
                refuse(e);
            }
        }
        resumeIfPaused();
        finishWhenIdle();
    }

    private UploadRejectedException unknownPart(String name) {
        return invalid(RejectReason.UNKNOWN_PART, declared(), "part '" + name + "' is not the image of any frame", name);
    }

    private int declared() {
        return plan == null ? 0 : plan.frames().size();
    }

    // ---------- storing, a few images at a time (workers) ----------

    /** A complete image part waiting for a store slot (parts of one chunk of the body complete together). */
    private record Waiting(String part, byte[] data) {}

    private void store(String part, byte[] data) {
        if (inFlight >= concurrency) {
            waiting.add(new Waiting(part, data));
            pause(); // backpressure: no more of the body is read until the waiting parts are under way
            return;
        }
        launch(part, data);
    }

    private void launch(String part, byte[] data) {
        List<FrameUploadReader.FrameFields> frames = plan.byPart().get(part);
        int declared = declared();
        inFlight++;
        if (inFlight >= concurrency) {
            pause();
        }
        snapshot.chain(index -> Uni.createFrom().item(() -> {
                            if (refusal != null) {
                                return List.<ReadyFrame>of();
                            }
                            FrameUploadReader.Image image = reader.image(part, data, declared);
                            List<ReadyFrame> out = new ArrayList<>(frames.size());
                            for (FrameUploadReader.FrameFields frame : frames) {
                                out.add(ingest.prepareAndStore(workspaceId, sessionId, FrameUploadReader.incoming(frame, image),
                                        storedShas, index, declared));
                            }
                            return out;
                        })
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()))
                .subscribe().with(
                        out -> context.runOnContext(v -> stored(frames, out)),
                        e -> context.runOnContext(v -> storeFailed(e)));
    }

    private void stored(List<FrameUploadReader.FrameFields> frames, List<ReadyFrame> out) {
        inFlight--;
        for (int i = 0; i < out.size(); i++) {
            ready[frames.get(i).index()] = out.get(i);
        }
        launchWaiting();
        resumeIfPaused();
        finishWhenIdle();
    }

    private void storeFailed(Throwable e) {
        inFlight--;
        refuse(e instanceof RuntimeException r ? r : new IllegalStateException(e));
        finishWhenIdle();
    }

    private void launchWaiting() {
        while (refusal == null && inFlight < concurrency && !waiting.isEmpty()) {
            Waiting next = waiting.poll();
            launch(next.part(), next.data());
        }
    }

    // ---------- the end ----------

    private void refuse(RuntimeException e) {
        if (refusal == null) {
            refusal = e;
            early.clear();
            waiting.clear();
            partBytes = null;
        }
        resumeIfPaused(); // drain the rest
    }

    private void pause() {
        if (!paused) {
            paused = true;
            request.pause();
        }
    }

    private void resumeIfPaused() {
        if (paused && ((inFlight < concurrency && !planning && waiting.isEmpty()) || refusal != null)) {
            paused = false;
            request.resume();
        }
    }

    private void finishWhenIdle() {
        if (finished || !ended || inFlight > 0 || (!waiting.isEmpty() && refusal == null)) {
            return;
        }
        finished = true;
        if (refusal != null) {
            result.fail(refusal);
        } else {
            result.complete(Arrays.asList(ready));
        }
    }
}
