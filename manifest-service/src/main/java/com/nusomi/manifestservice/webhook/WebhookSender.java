package com.nusomi.manifestservice.webhook;

import com.nusomi.contracts.Headers;
import com.nusomi.contracts.WebhookSignature;
import com.nusomi.kit.webhook.WebhookTargets;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/** One signed POST of a webhook body (SPEC §7), answering what happened; never throws for the endpoint's faults. */
public final class WebhookSender {
    private static final int ERROR_MAX = 500;

    private final HttpClient client;
    private final Duration timeout;
    private final boolean allowPrivateTargets;

    public WebhookSender(Duration timeout, boolean allowPrivateTargets) {
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.timeout = timeout;
        this.allowPrivateTargets = allowPrivateTargets;
    }

    /** Sends {@code body} signed with {@code secret} at the attempt's own time. */
    public WebhookDeliveryQueue.Outcome send(String url, String secret, String deliveryId, String body) {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        // Checked again at each send: a name may resolve elsewhere than when the endpoint was registered.
        var refused = WebhookTargets.shapeProblem(url).or(() -> WebhookTargets.addressProblem(url, allowPrivateTargets));
        if (refused.isPresent()) {
            return new WebhookDeliveryQueue.Outcome(started, null, truncate(refused.get()), elapsedMs(t0));
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Nusomi-Webhooks/1")
                .header(Headers.WEBHOOK_DELIVERY_ID, deliveryId)
                .header(Headers.WEBHOOK_SIGNATURE, WebhookSignature.header(secret, Instant.now().getEpochSecond(), bytes))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build();
        try {
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            int code = response.statusCode();
            return new WebhookDeliveryQueue.Outcome(started, code, code / 100 == 2 ? null : "the endpoint answered " + code,
                    elapsedMs(t0));
        } catch (HttpTimeoutException e) {
            return new WebhookDeliveryQueue.Outcome(started, null, "no answer within " + timeout.toSeconds() + " s",
                    elapsedMs(t0));
        } catch (IOException e) {
            return new WebhookDeliveryQueue.Outcome(started, null, truncate(e.getClass().getSimpleName() + ": " + e.getMessage()),
                    elapsedMs(t0));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new WebhookDeliveryQueue.Outcome(started, null, "interrupted (shutting down)", elapsedMs(t0));
        }
    }

    private static long elapsedMs(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static String truncate(String s) {
        return s.length() <= ERROR_MAX ? s : s.substring(0, ERROR_MAX);
    }
}
