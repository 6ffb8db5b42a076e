package com.nusomi.captureingest.config;

import com.nusomi.contracts.Limits;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the frame ingest; defaults are the SPEC limits from {@link Limits}. */
@ConfigMapping(prefix = "nusomi.capture-ingest")
public interface CaptureIngestConfig {

    /** Frames one upload may carry (SPEC: batches of at most 50). */
    @WithDefault("" + Limits.FRAMES_PER_UPLOAD_MAX)
    int maxFramesPerRequest();

    /** Bytes of all parts of one upload together, metadata included (SPEC: at most 32 MiB a request). */
    @WithDefault("" + Limits.FRAME_UPLOAD_MAX_BYTES)
    long maxRequestBytes();

    /** Largest accepted image width or height, in pixels. */
    @WithDefault("" + Limits.FRAME_MAX_DIMENSION)
    int maxImageDimension();

    /** Images of one upload written to the object store at the same time (bounded: uploads run side by side). */
    @WithDefault("8")
    int storeConcurrency();

    /** How long an upload waits for Kafka to acknowledge its records before it fails (and may be retried). */
    @WithDefault("30s")
    Duration publishTimeout();

    /** The keyframe measure (docs/capture.md "Keyframes"). */
    Keyframe keyframe();

    interface Keyframe {
        /** Grey-level change (0..255) of a fingerprint cell that counts as changed. */
        @WithDefault("16")
        int cellDelta();

        /** Share of changed cells (0..1) from which the screen changed materially since the previous keyframe. */
        @WithDefault("0.01")
        double minChangedFraction();
    }
}
