package com.nusomi.apigateway.mapping;

import com.nusomi.apigateway.mapping.constraints.WebhookEvent;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.LinkedHashSet;
import java.util.List;

/** {@code POST /v1/webhooks {url, events[], description?}} (SPEC §7). Unknown fields are ignored. */
public record CreateWebhookRequest(
        @NotNull(message = "is required: the http(s) URL deliveries are POSTed to") String url,
        @NotNull(message = "is required: a list of event types")
        @Size(min = 1, message = "must name at least one event type")
        List<@NotNull(message = "must be an event type") @WebhookEvent String> events,
        @Size(max = CreateWebhookRequest.DESCRIPTION_MAX) String description) {

    public static final int DESCRIPTION_MAX = 1000;

    /** The URL as stored (surrounding blanks dropped). */
    public String target() {
        return url.trim();
    }

    /** The event types, each once, in the order given. */
    public List<String> distinctEvents() {
        return List.copyOf(new LinkedHashSet<>(events));
    }
}
