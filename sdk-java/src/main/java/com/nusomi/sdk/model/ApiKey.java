package com.nusomi.sdk.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * An API key of a workspace.
 *
 * @param id          {@code key_…}
 * @param name        your name for it
 * @param scopes      read, write, admin
 * @param key         the secret {@code nsk_…}: only in the answer to create
 * @param redactedKey the secret's first and last characters, in listings
 * @param createdAt   creation time
 * @param revokedAt   revocation time, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiKey(String id, String name, List<String> scopes, String key, String redactedKey, Instant createdAt,
                     Instant revokedAt) {}
