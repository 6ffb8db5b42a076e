package com.nusomi.captureingest.metrics;

import com.nusomi.captureingest.service.RejectReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/** Counters of the frame ingest, at /q/metrics as {@code nusomi_capture_*}. */
@ApplicationScoped
public class IngestMetrics {
    private final MeterRegistry registry;
    private final Counter framesNew;
    private final Counter framesRetried;
    private final Counter bytesStored;

    IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.framesNew = accepted(registry, "new");
        this.framesRetried = accepted(registry, "retry");
        this.bytesStored = Counter.builder("nusomi.capture.images.stored")
                .baseUnit("bytes")
                .description("Image bytes written to the object store (content already there is not written again)")
                .register(registry);
    }

    /** Frames answered with 201: {@code fresh} newly stored, {@code retried} returned as already stored. */
    public void accepted(int fresh, int retried) {
        framesNew.increment(fresh);
        framesRetried.increment(retried);
    }

    /** A refused upload and the frames it carried (0 when its metadata could not be read). */
    public void rejected(RejectReason reason, int frames) {
        Counter.builder("nusomi.capture.uploads.rejected").tag("reason", reason.tag())
                .description("Frame uploads refused as a whole").register(registry).increment();
        Counter.builder("nusomi.capture.frames.rejected").tag("reason", reason.tag())
                .description("Frames in refused uploads").register(registry).increment(frames);
    }

    public void bytesStored(long bytes) {
        bytesStored.increment(bytes);
    }

    private static Counter accepted(MeterRegistry registry, String result) {
        return Counter.builder("nusomi.capture.frames.accepted").tag("result", result)
                .description("Frames accepted: new ones, and safe retries of stored ones").register(registry);
    }
}
