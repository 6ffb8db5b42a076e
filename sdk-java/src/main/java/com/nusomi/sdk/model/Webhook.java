package com.nusomi.sdk.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * An endpoint receiving signed event deliveries (SPEC §7).
 *
 * @param id          {@code whk_…}
 * @param url         where deliveries go
 * @param events      subscribed types ({@code session.sealed}, {@code export.completed} …)
 * @param description your note
 * @param secret      {@code whsec_…}: only in the answer to create
 * @param createdAt   creation time
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Webhook(String id, String url, List<String> events, String description, String secret,
                      Instant createdAt) {}
