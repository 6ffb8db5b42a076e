package com.nusomi.apigateway.persistence;

import java.time.Instant;

/** A workflow of a workspace as its sessions show it (workflows exist implicitly, from their first session). */
public record WorkflowRow(String slug, long sessionCount, Instant lastSessionAt) {}
