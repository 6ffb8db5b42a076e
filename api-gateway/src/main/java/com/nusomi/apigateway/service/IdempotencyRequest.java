package com.nusomi.apigateway.service;

/**
 * A write carrying {@code Idempotency-Key}: who sent it (the API key is the scope), the key, and what identifies the
 * request (method, path, SHA-256 of the body bytes). Same key with another method, path or body is a conflict.
 * {@code bodySha256} is null for a streamed request (a frame upload) whose body has not been read yet.
 */
public record IdempotencyRequest(String apiKeyId, String key, String method, String path, String bodySha256) {

    public boolean sameTargetAs(String otherMethod, String otherPath) {
        return method.equals(otherMethod) && path.equals(otherPath);
    }

    /** The same request, its body now hashed. */
    public IdempotencyRequest withBodySha256(String sha256) {
        return new IdempotencyRequest(apiKeyId, key, method, path, sha256);
    }
}
