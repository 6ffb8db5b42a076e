package com.nusomi.apigateway.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads manifest-service's delivery queue ({@code manifest.webhook_deliveries}, {@code webhook_attempts}) for the API,
 * and makes one delivery due now on request: the queue row is the whole retry protocol, the deliverer picks it up.
 */
@ApplicationScoped
public class WebhookDeliveryRepository {
    private static final String COLUMNS = "id, webhook_id, event_id, event_type, status, attempt_count, next_attempt_at, "
            + "last_response_code, last_error, created_at, updated_at";

    private final Pool pool;

    WebhookDeliveryRepository(Pool pool) {
        this.pool = pool;
    }

    /** Newest first, strictly before {@code beforeId} when given, each with its attempts. */
    public Uni<List<WebhookDeliveryRow>> list(String workspaceId, String webhookId, String beforeId, int limit) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM manifest.webhook_deliveries WHERE webhook_id = $1 "
                        + "AND workspace_id = $2 AND ($3::text IS NULL OR id < $3) ORDER BY id DESC LIMIT $4")
                .execute(Tuple.of(webhookId, workspaceId, beforeId, limit))
                .chain(rows -> {
                    List<WebhookDeliveryRow> list = new ArrayList<>();
                    rows.forEach(r -> list.add(of(r)));
                    return withAttempts(list);
                });
    }

    public Uni<Optional<WebhookDeliveryRow>> find(String workspaceId, String webhookId, String deliveryId) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM manifest.webhook_deliveries WHERE id = $1 "
                        + "AND webhook_id = $2 AND workspace_id = $3")
                .execute(Tuple.of(deliveryId, webhookId, workspaceId))
                .chain(rows -> rows.size() == 0 ? Uni.createFrom().item(Optional.<WebhookDeliveryRow>empty())
                        : withAttempts(List.of(of(rows.iterator().next()))).map(l -> Optional.of(l.get(0))));
    }

    /**
     * Makes the delivery due now, again pending when it had failed; never one that succeeded (answers false). A
     * delivery in flight keeps its lease, so it is never sent twice at once: the running attempt's outcome decides.
     */
    public Uni<Boolean> retryNow(String workspaceId, String webhookId, String deliveryId) {
        return pool.preparedQuery("UPDATE manifest.webhook_deliveries SET status = 'pending', next_attempt_at = now(), "
                        + "updated_at = now() WHERE id = $1 AND webhook_id = $2 AND workspace_id = $3 AND status <> 'succeeded'")
                .execute(Tuple.of(deliveryId, webhookId, workspaceId))
                .map(rows -> rows.rowCount() == 1);
    }

    private Uni<List<WebhookDeliveryRow>> withAttempts(List<WebhookDeliveryRow> deliveries) {
        if (deliveries.isEmpty()) {
            return Uni.createFrom().item(deliveries);
        }
        String[] ids = deliveries.stream().map(WebhookDeliveryRow::id).toArray(String[]::new);
        return pool.preparedQuery("SELECT delivery_id, attempt, started_at, response_code, error, duration_ms "
                        + "FROM manifest.webhook_attempts WHERE delivery_id = ANY($1) ORDER BY delivery_id, attempt")
                .execute(Tuple.of(ids))
                .map(rows -> {
                    Map<String, List<WebhookDeliveryRow.Attempt>> byDelivery = new HashMap<>();
                    for (Row r : rows) {
                        byDelivery.computeIfAbsent(r.getString("delivery_id"), k -> new ArrayList<>())
                                .add(new WebhookDeliveryRow.Attempt(r.getInteger("attempt"), Rows.instant(r, "started_at"),
                                        r.getInteger("response_code"), r.getString("error"), r.getLong("duration_ms")));
                    }
                    return deliveries.stream().map(d -> d.withAttempts(byDelivery.getOrDefault(d.id(), List.of()))).toList();
                });
    }

    private static WebhookDeliveryRow of(Row r) {
        return new WebhookDeliveryRow(r.getString("id"), r.getString("webhook_id"), r.getString("event_id"),
                r.getString("event_type"), r.getString("status"), r.getInteger("attempt_count"),
                Rows.instant(r, "next_attempt_at"), r.getInteger("last_response_code"), r.getString("last_error"),
                Rows.instant(r, "created_at"), Rows.instant(r, "updated_at"), List.of());
    }
}
