package com.nusomi.manifestservice.webhook;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.nusomi.contracts.IdPrefix;
import com.nusomi.contracts.Topic;
import com.nusomi.contracts.avro.Actor;
import com.nusomi.contracts.avro.ActorKind;
import com.nusomi.contracts.avro.SessionLifecycle;
import com.nusomi.contracts.avro.SessionSnapshot;
import com.nusomi.contracts.avro.SessionStatus;
import com.nusomi.contracts.avro.Surface;
import com.nusomi.kit.webhook.WebhookSecrets;
import com.nusomi.manifestservice.support.DevStackWithGatewayTables;
import com.nusomi.manifestservice.support.ManifestServiceTestProfile;
import com.nusomi.manifestservice.support.TestKafka;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Webhook deliveries per second to a local receiver, through the real path: lifecycle records on Kafka → consumer →
 * queue rows → scheduler → signed POST → recorded 2xx. Not part of the suite; run with
 * {@code ./mvnw -B -pl manifest-service -am verify -Dtest=WebhookDeliveryBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dnusomi.bench=true}
 * (figures in docs/benchmarks.md; a copy in manifest-service/target/webhook-benchmark.txt).
 */
@QuarkusTest
@TestProfile(ManifestServiceTestProfile.class)
@QuarkusTestResource(DevStackWithGatewayTables.class)
@EnabledIfSystemProperty(named = "nusomi.bench", matches = "true")
class WebhookDeliveryBenchmark {
    private static final int EVENTS = Integer.getInteger("nusomi.bench.events", 2000);

    @Inject
    Pool pool;
    @Inject
    WebhookSecrets secrets;
    @Inject
    WebhookScheduler scheduler;

    @Test
    void deliveriesPerSecond() throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(run(EVENTS, 1));
        lines.add(run(EVENTS / 4, 4));
        Files.write(Path.of("target", "webhook-benchmark.txt"), lines);
        lines.forEach(System.out::println);
    }

    /**
     * {@code events} lifecycle records to a workspace with {@code endpoints} subscribed endpoints, in two timed phases:
     * consuming (records → queued deliveries, scheduler stopped) and delivering (queue → 2xx received).
     */
    private String run(int events, int endpoints) {
        String workspace = IdPrefix.WORKSPACE.newId();
        try (var receiver = new WebhookReceiver()) {
            for (int i = 0; i < endpoints; i++) {
                String id = IdPrefix.WEBHOOK.newId();
                pool.preparedQuery("INSERT INTO gateway.webhooks (id, workspace_id, url, events, secret_sealed, created_at) "
                                + "VALUES ($1, $2, $3, $4, $5, now())")
                        .execute(Tuple.of(id, workspace, receiver.url(), new String[] {"session.created"},
                                secrets.encrypt(id, WebhookSecrets.mint())))
                        .await().indefinitely();
            }
            int expected = events * endpoints;
            scheduler.stop();
            long t0;
            long queued;
            try {
                t0 = System.nanoTime();
                for (int i = 0; i < events; i++) {
                    String sessionId = IdPrefix.SESSION.newId();
                    Instant at = Instant.now();
                    var snapshot = SessionSnapshot.newBuilder().setId(sessionId).setWorkspaceId(workspace).setWorkflow("bench")
                            .setStatus(SessionStatus.created).setActor(new Actor(ActorKind.script, null))
                            .setSurface(Surface.web).setCreatedAt(at).build();
                    TestKafka.send(Topic.SESSION_LIFECYCLE, sessionId, SessionLifecycle.newBuilder()
                            .setTransitionId(sessionId + ":created").setSessionId(sessionId).setWorkspaceId(workspace)
                            .setToStatus(SessionStatus.created).setSession(snapshot).setAt(at).build());
                }
                await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(50))
                        .until(() -> pending(workspace) >= expected);
                queued = System.nanoTime();
            } finally {
                scheduler.start();
            }
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(50))
                    .until(() -> receiver.received().size() >= expected);
            long received = System.nanoTime();
            await().atMost(Duration.ofMinutes(1)).until(() -> pending(workspace) == 0);
            assertEquals(expected, receiver.received().size(), "each delivery once");
            double queueing = (queued - t0) / 1e9;
            double delivering = (received - queued) / 1e9;
            return String.format("%d events x %d endpoint(s) = %d deliveries | consume+queue: %.1f s (%.0f events/s, "
                            + "bounded by the test's one-at-a-time producer) | deliver: %.1f s = %.0f deliveries/s",
                    events, endpoints, expected, queueing, events / queueing, delivering, expected / delivering);
        }
    }

    private long pending(String workspace) {
        return pool.preparedQuery("SELECT count(*) FROM manifest.webhook_deliveries WHERE workspace_id = $1 AND status = 'pending'")
                .execute(Tuple.of(workspace)).await().indefinitely().iterator().next().getLong(0);
    }
}
