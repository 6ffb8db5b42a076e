package com.nusomi.sdk.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A tenant of an installation.
 *
 * @param id         {@code wsp_…}
 * @param name       its name
 * @param adminKey   its first admin key: only in the answer to create
 * @param createdAt  creation time
 * @param disabledAt set while disabled
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Workspace(String id, String name, String adminKey, Instant createdAt, Instant disabledAt) {}
