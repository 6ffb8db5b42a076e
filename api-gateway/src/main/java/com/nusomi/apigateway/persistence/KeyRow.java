package com.nusomi.apigateway.persistence;

import java.time.Instant;
import java.util.List;

/** A row of {@code gateway.api_keys}, without its hash. */
public record KeyRow(String id, String kind, String workspaceId, String name, List<String> scopes, String redacted,
                     Instant createdAt, Instant revokedAt) {
    public static final String OPERATOR = "operator";
    public static final String WORKSPACE = "workspace";
}
