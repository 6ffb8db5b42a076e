package com.nusomi.apigateway.service;

/**
 * A write carrying {@code Idempotency-Key}: who sent it (the API key is the scope), the key, and what identifies the
 * request (method, path, SHA-256 of the body bytes). Same key with another method, path or body is a conflict.
 */
public record IdempotencyRequest(String apiKeyId, String key, String method, String path, String bodySha256) {

    public boolean sameRequestAs(String otherMethod, String otherPath, String otherSha256) {
        return method.equals(otherMethod) && path.equals(otherPath) && bodySha256.equals(otherSha256);
    }
}
