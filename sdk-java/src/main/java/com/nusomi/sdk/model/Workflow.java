package com.nusomi.sdk.model;

import java.time.Instant;

/**
 * A business process sessions were recorded for.
 *
 * @param slug          {@code ^[a-z0-9_]{2,64}$}
 * @param sessionCount  sessions recorded
 * @param lastSessionAt the newest session's creation, or null
 */
public record Workflow(String slug, long sessionCount, Instant lastSessionAt) {}
