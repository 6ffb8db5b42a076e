package com.nusomi.apigateway.persistence;

import java.time.Instant;

/** A row of {@code gateway.workspaces}. */
public record WorkspaceRow(String id, String name, Instant createdAt, Instant disabledAt) {}
