package com.nusomi.kit.destination;

/**
 * How a streamed upload is cut: {@code size} bytes per part (all but the last), at most {@code inFlight} parts sent
 * while the next fills, so an upload holds at most {@code (inFlight + 1) × size} bytes.
 */
record UploadParts(int size, int inFlight) {
    UploadParts {
        if (size <= 0 || inFlight <= 0) {
            throw new IllegalArgumentException("part size and parts in flight must be positive");
        }
    }
}
