package com.nusomi.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.nusomi.sdk.model.Webhook;
import com.nusomi.sdk.model.WebhookDelivery;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code nusomi.webhooks()}: endpoints that receive signed event deliveries (SPEC §7); verify them with {@link WebhookSignature}. */
public final class Webhooks {
    private final HttpTransport http;

    Webhooks(HttpTransport http) {
        this.http = http;
    }

    /** Registers an endpoint; the answer's {@code secret} ({@code whsec_…}) is shown only here. */
    public Webhook create(String url, List<String> events, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("url", url);
        body.put("events", events);
        if (description != null) {
            body.put("description", description);
        }
        return http.json(HttpTransport.Call.post("/v1/webhooks", body), Webhook.class);
    }

    /** Every webhook of the workspace. */
    public ListResult<Webhook> list() {
        return http.list("/v1/webhooks", Map.of(), ListOptions.DEFAULT, Webhook.class);
    }

    public void delete(String id) {
        http.json(HttpTransport.Call.delete("/v1/webhooks/" + HttpTransport.encode(id)), JsonNode.class);
    }

    /** The deliveries of a webhook, with their attempts. */
    public ListResult<WebhookDelivery> deliveries(String id) {
        return http.list("/v1/webhooks/" + HttpTransport.encode(id) + "/deliveries", Map.of(), ListOptions.DEFAULT,
                WebhookDelivery.class);
    }

    /** Resends a delivery now. */
    public WebhookDelivery retryDelivery(String id, String deliveryId) {
        return http.json(HttpTransport.Call.post("/v1/webhooks/" + HttpTransport.encode(id) + "/deliveries/"
                + HttpTransport.encode(deliveryId) + "/retry", null), WebhookDelivery.class);
    }
}
