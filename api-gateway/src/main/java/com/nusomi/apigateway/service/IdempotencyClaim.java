package com.nusomi.apigateway.service;

/** What claiming an {@code Idempotency-Key} found. */
public sealed interface IdempotencyClaim {

    /**
     * The key is ours: run the request, then {@link IdempotencyStore#complete} or {@link IdempotencyStore#release}.
     * {@code idSeed} is the first id this request mints ({@link IdempotentIds}); a retry after a release gets it again.
     */
    record Claimed(String token, String idSeed) implements IdempotencyClaim {}

    /** The same request was answered before: replay this answer (body still sealed by {@link IdempotencyCipher}). */
    record Replay(int status, String contentType, byte[] sealedBody) implements IdempotencyClaim {}

    /**
     * A streamed request (body not read yet) whose key was answered before for the same method and path: replay that
     * answer if the body turns out to hash to {@code bodySha256}, else it is a {@link Mismatch}.
     */
    record Answered(String bodySha256, Replay replay) implements IdempotencyClaim {}

    /** The key was used for another request (method, path or body differ). */
    record Mismatch(String method, String path) implements IdempotencyClaim {}

    /** The same request is still being processed (by this or another gateway instance). */
    record InFlight() implements IdempotencyClaim {}
}
