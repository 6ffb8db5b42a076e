package com.nusomi.manifestservice.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nusomi.contracts.IdPrefix;
import com.nusomi.contracts.WebhookEventType;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Turns a platform event into durable deliveries: one {@code webhook_events} row (the body, rendered once) and one
 * {@code pending} delivery per endpoint of the workspace subscribed to its type, in one transaction. Idempotent: a
 * re-consumed record finds its event by {@code source_key} and {@code UNIQUE (webhook_id, event_id)} keeps one
 * delivery per endpoint.
 */
@ApplicationScoped
public class WebhookEvents {
    private static final Logger LOG = Logger.getLogger(WebhookEvents.class);

    private final Pool pool;
    private final ObjectMapper mapper;
    private final MeterRegistry metrics;

    WebhookEvents(Pool pool, ObjectMapper mapper, MeterRegistry metrics) {
        this.pool = pool;
        this.mapper = mapper;
        this.metrics = metrics;
    }

    /**
     * Enqueues {@code type} for the workspace's subscribed endpoints.
     *
     * @param sourceKey what the event announces, unique per event (e.g. the lifecycle transition id)
     * @param data the resource as the API renders it
     * @return the number of deliveries created now (0 for a re-consumed record or when nobody subscribed)
     */
    public Uni<Integer> publish(String workspaceId, WebhookEventType type, String sourceKey, Instant createdAt, Object data) {
        return pool.withTransaction(conn -> subscribers(conn, workspaceId, type).chain(webhooks -> webhooks.isEmpty()
                ? Uni.createFrom().item(0)
                : event(conn, workspaceId, type, sourceKey, createdAt, data).chain(eventId -> deliveries(conn, workspaceId,
                        type, eventId, webhooks))))
                .invoke(created -> {
                    if (created > 0) {
                        metrics.counter("nusomi.manifest-service.webhook-deliveries", "type", type.wire()).increment(created);
                        LOG.debugf("%s (%s): %d webhook deliveries queued", type.wire(), sourceKey, created);
                    }
                });
    }

    private static Uni<List<String>> subscribers(SqlConnection conn, String workspaceId, WebhookEventType type) {
        return conn.preparedQuery("SELECT id FROM gateway.webhooks WHERE workspace_id = $1 AND $2 = ANY(events) ORDER BY id")
                .execute(Tuple.of(workspaceId, type.wire()))
                .map(rows -> {
                    List<String> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getString("id")));
                    return ids;
                });
    }

    /** The stored event's id: a new one, or the one stored when this source was first consumed. */
    private Uni<String> event(SqlConnection conn, String workspaceId, WebhookEventType type, String sourceKey,
                              Instant createdAt, Object data) {
        String id = IdPrefix.EVENT.newId();
        String body = body(new WebhookEnvelope(id, type.wire(), createdAt, data));
        return conn.preparedQuery("INSERT INTO manifest.webhook_events (id, source_key, workspace_id, type, body, created_at) "
                        + "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (source_key) DO NOTHING")
                .execute(Tuple.of(id, sourceKey, workspaceId, type.wire(), body, createdAt.atOffset(ZoneOffset.UTC)))
                .chain(() -> conn.preparedQuery("SELECT id FROM manifest.webhook_events WHERE source_key = $1")
                        .execute(Tuple.of(sourceKey)))
                .map(rows -> rows.iterator().next().getString("id"));
    }

    private static Uni<Integer> deliveries(SqlConnection conn, String workspaceId, WebhookEventType type, String eventId,
                                           List<String> webhooks) {
        List<Tuple> batch = new ArrayList<>();
        for (String webhookId : webhooks) {
            batch.add(Tuple.of(IdPrefix.WEBHOOK_DELIVERY.newId(), webhookId, workspaceId, eventId, type.wire()));
        }
        return conn.preparedQuery("INSERT INTO manifest.webhook_deliveries (id, webhook_id, workspace_id, event_id, "
                        + "event_type, status, attempt_count, next_attempt_at, created_at, updated_at) "
                        + "VALUES ($1, $2, $3, $4, $5, 'pending', 0, now(), now(), now()) "
                        + "ON CONFLICT (webhook_id, event_id) DO NOTHING")
                .executeBatch(batch)
                .map(WebhookEvents::inserted);
    }

    private static int inserted(io.vertx.mutiny.sqlclient.RowSet<io.vertx.mutiny.sqlclient.Row> first) {
        int count = 0;
        for (var rows = first; rows != null; rows = rows.next()) {
            count += rows.rowCount();
        }
        return count;
    }

    private String body(WebhookEnvelope envelope) {
        try {
            return mapper.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a webhook body cannot be rendered", e);
        }
    }
}
