package com.nusomi.sdk.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One delivery of an event to a webhook, with its attempts; the fields as the server sends them.
 *
 * @param id     {@code dlv_…}
 * @param status pending, succeeded, failed
 * @param raw    every field of the delivery
 */
public record WebhookDelivery(String id, String status, @JsonValue JsonNode raw) {
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static WebhookDelivery of(JsonNode node) {
        return new WebhookDelivery(node.path("id").asText(null), node.path("status").asText(null), node);
    }
}
