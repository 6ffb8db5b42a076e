package com.nusomi.manifestservice.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nusomi.contracts.IdPrefix;
import com.nusomi.manifestservice.support.DevStackWithGatewayTables;
import com.nusomi.manifestservice.support.ManifestServiceTestProfile;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Finished deliveries older than the retention (30 days by default) go, with their attempts and the events nothing
 * refers to any more; pending ones and recent ones stay, and so does an event another delivery still needs.
 */
@QuarkusTest
@TestProfile(ManifestServiceTestProfile.class)
@QuarkusTestResource(DevStackWithGatewayTables.class)
class WebhookRetentionTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    Pool pool;
    @Inject
    WebhookRetention retention;
    @Inject
    WebhookDeliveryConfig config;

    @Test
    void finishedDeliveriesOlderThanTheRetentionAreDeletedInBatches() {
        assertEquals(Duration.ofDays(30), config.retention(), "the default retention");
        String workspace = IdPrefix.WORKSPACE.newId();
        String oldEvent = event(workspace, 40);
        String sharedEvent = event(workspace, 40);
        String recentEvent = event(workspace, 1);
        List<String> oldFinished = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            oldFinished.add(delivery(workspace, oldEvent, i % 2 == 0 ? "succeeded" : "failed", 31));
        }
        String oldShared = delivery(workspace, sharedEvent, "succeeded", 31);
        String pendingShared = delivery(workspace, sharedEvent, "pending", 31);
        String recent = delivery(workspace, recentEvent, "succeeded", 29);

        int deleted = retention.purge();

        assertTrue(deleted >= 6, "at least the six old finished deliveries of this test: " + deleted);
        for (String id : oldFinished) {
            assertEquals(0, count("SELECT count(*) FROM manifest.webhook_deliveries WHERE id = $1", id), id);
            assertEquals(0, count("SELECT count(*) FROM manifest.webhook_attempts WHERE delivery_id = $1", id), id);
        }
        assertEquals(0, count("SELECT count(*) FROM manifest.webhook_deliveries WHERE id = $1", oldShared));
        assertEquals(0, count("SELECT count(*) FROM manifest.webhook_events WHERE id = $1", oldEvent),
                "no delivery refers to it any more");
        assertEquals(1, count("SELECT count(*) FROM manifest.webhook_deliveries WHERE id = $1", pendingShared),
                "a pending delivery is never deleted, however old");
        assertEquals(1, count("SELECT count(*) FROM manifest.webhook_attempts WHERE delivery_id = $1", pendingShared));
        assertEquals(1, count("SELECT count(*) FROM manifest.webhook_events WHERE id = $1", sharedEvent),
                "the pending delivery still needs its event");
        assertEquals(1, count("SELECT count(*) FROM manifest.webhook_deliveries WHERE id = $1", recent),
                "29 days old: kept");
        assertEquals(1, count("SELECT count(*) FROM manifest.webhook_events WHERE id = $1", recentEvent));
    }

    private String event(String workspace, int daysAgo) {
        String id = IdPrefix.EVENT.newId();
        pool.preparedQuery("INSERT INTO manifest.webhook_events (id, source_key, workspace_id, type, body, created_at) "
                        + "VALUES ($1, $2, $3, 'session.created', '{}', now() - $4 * interval '1 day')")
                .execute(Tuple.of(id, "test:" + id, workspace, daysAgo)).await().atMost(WAIT);
        return id;
    }

    /** A delivery with one attempt, last changed {@code daysAgo} days ago. */
    private String delivery(String workspace, String eventId, String status, int daysAgo) {
        String id = IdPrefix.WEBHOOK_DELIVERY.newId();
        pool.preparedQuery("INSERT INTO manifest.webhook_deliveries (id, webhook_id, workspace_id, event_id, event_type, "
                        + "status, attempt_count, next_attempt_at, created_at, updated_at) VALUES ($1, $2, $3, $4, "
                        + "'session.created', $5, 1, CASE WHEN $5 = 'pending' THEN now() + interval '1 day' END, "
                        + "now() - $6 * interval '1 day', now() - $6 * interval '1 day')")
                .execute(Tuple.of(id, IdPrefix.WEBHOOK.newId(), workspace, eventId, status, daysAgo)).await().atMost(WAIT);
        pool.preparedQuery("INSERT INTO manifest.webhook_attempts (delivery_id, attempt, started_at, response_code, "
                        + "duration_ms) VALUES ($1, 1, now() - $2 * interval '1 day', 500, 12)")
                .execute(Tuple.of(id, daysAgo)).await().atMost(WAIT);
        return id;
    }

    private long count(String sql, String param) {
        return pool.preparedQuery(sql).execute(Tuple.of(param)).await().atMost(WAIT).iterator().next().getLong(0);
    }
}
