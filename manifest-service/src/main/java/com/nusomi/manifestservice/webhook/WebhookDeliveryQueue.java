package com.nusomi.manifestservice.webhook;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code manifest.webhook_deliveries} as a queue shared by every instance: a short statement claims due rows with a
 * lease ({@code FOR UPDATE SKIP LOCKED}, no lock held afterwards), the HTTP call happens outside any transaction, and
 * the outcome is recorded only by the holder of the lease. A claimer that dies leaves rows that become due again when
 * the lease ends. Times are the database's clock.
 */
@ApplicationScoped
public class WebhookDeliveryQueue {
    private final Pool pool;

    WebhookDeliveryQueue(Pool pool) {
        this.pool = pool;
    }

    /** A claimed delivery with what sending it needs; {@code url} and {@code secretSealed} are null when the endpoint is gone. */
    public record Claimed(String id, String webhookId, String workspaceId, String eventId, int attemptCount, String body,
                          String url, String secretSealed, String leaseToken) {}

    /** What one attempt came to. */
    public record Outcome(Instant startedAt, Integer responseCode, String error, long durationMs) {
        boolean succeeded() {
            return responseCode != null && responseCode >= 200 && responseCode < 300;
        }
    }

    public Uni<List<Claimed>> claim(int limit, Duration lease, String leaseToken) {
        return pool.preparedQuery("WITH due AS (SELECT id FROM manifest.webhook_deliveries WHERE status = 'pending' "
                        + "AND next_attempt_at <= now() AND (lease_until IS NULL OR lease_until < now()) "
                        + "ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED) "
                        + "UPDATE manifest.webhook_deliveries d SET lease_token = $2, "
                        + "lease_until = now() + $3 * interval '1 millisecond' FROM due WHERE d.id = due.id RETURNING d.id")
                .execute(Tuple.of(limit, leaseToken, lease.toMillis()))
                .chain(claimed -> claimed.rowCount() == 0 ? Uni.createFrom().item(List.<Claimed>of()) : load(leaseToken));
    }

    private Uni<List<Claimed>> load(String leaseToken) {
        return pool.preparedQuery("SELECT d.id, d.webhook_id, d.workspace_id, d.event_id, d.attempt_count, e.body, "
                        + "w.url, w.secret_sealed FROM manifest.webhook_deliveries d "
                        + "JOIN manifest.webhook_events e ON e.id = d.event_id "
                        + "LEFT JOIN gateway.webhooks w ON w.id = d.webhook_id WHERE d.lease_token = $1 ORDER BY d.id")
                .execute(Tuple.of(leaseToken))
                .map(rows -> {
                    List<Claimed> list = new ArrayList<>();
                    for (Row r : rows) {
                        list.add(new Claimed(r.getString("id"), r.getString("webhook_id"), r.getString("workspace_id"),
                                r.getString("event_id"), r.getInteger("attempt_count"), r.getString("body"),
                                r.getString("url"), r.getString("secret_sealed"), leaseToken));
                    }
                    return list;
                });
    }

    /**
     * Records an attempt and what follows: {@code succeeded}; or, after a failure, {@code pending} again after
     * {@code retryAfter}, or {@code failed} when it is empty (schedule exhausted). Only while the lease is still ours.
     *
     * @return the delivery's status afterwards, empty when the lease was lost
     */
    public Uni<Optional<String>> record(Claimed delivery, Outcome outcome, Optional<Duration> retryAfter) {
        String status = outcome.succeeded() ? "succeeded" : retryAfter.isPresent() ? "pending" : "failed";
        Long delayMs = outcome.succeeded() ? null : retryAfter.map(Duration::toMillis).orElse(null);
        return pool.withTransaction(conn -> conn.preparedQuery("UPDATE manifest.webhook_deliveries SET status = $3, "
                                + "attempt_count = attempt_count + 1, "
                                + "next_attempt_at = CASE WHEN $3 = 'pending' THEN now() + $4 * interval '1 millisecond' END, "
                                + "lease_token = NULL, lease_until = NULL, last_response_code = $5, last_error = $6, "
                                + "updated_at = now() WHERE id = $1 AND lease_token = $2 RETURNING attempt_count")
                        .execute(Tuple.from(Arrays.asList(delivery.id(), delivery.leaseToken(), status, delayMs,
                                outcome.responseCode(), outcome.error())))
                        .chain(rows -> {
                            if (rows.rowCount() == 0) {
                                return Uni.createFrom().item(Optional.<String>empty());
                            }
                            int attempt = rows.iterator().next().getInteger("attempt_count");
                            return conn.preparedQuery("INSERT INTO manifest.webhook_attempts (delivery_id, attempt, "
                                            + "started_at, response_code, error, duration_ms) VALUES ($1, $2, $3, $4, $5, $6) "
                                            + "ON CONFLICT DO NOTHING")
                                    .execute(Tuple.from(Arrays.asList(delivery.id(), attempt,
                                            outcome.startedAt().atOffset(ZoneOffset.UTC), outcome.responseCode(),
                                            outcome.error(), outcome.durationMs())))
                                    .replaceWith(Optional.of(status));
                        }));
    }

    /** Ends a delivery whose endpoint was deleted: nothing is sent to a deleted endpoint. */
    public Uni<Void> abandon(Claimed delivery) {
        return pool.preparedQuery("UPDATE manifest.webhook_deliveries SET status = 'failed', next_attempt_at = NULL, "
                        + "lease_token = NULL, lease_until = NULL, last_error = 'the webhook was deleted', updated_at = now() "
                        + "WHERE id = $1 AND lease_token = $2")
                .execute(Tuple.of(delivery.id(), delivery.leaseToken()))
                .replaceWithVoid();
    }
}
