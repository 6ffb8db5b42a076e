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
import com.nusomi.manifestservice.support.DevStack;
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
@QuarkusTestResource(DevStack.class)
@EnabledIfSystemProperty(named = "nusomi.bench", matches = "true")
class WebhookDeliveryBenchmark {
    private static final int EVENTS = Integer.getInteger("nusomi.bench.events", 2000);

    @Inject
    Pool pool;
    @Inject
    WebhookSecrets secrets;

    @Test
    void deliveriesPerSecond() throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(run(EVENTS, 1));
        lines.add(run(EVENTS / 4, 4));
        Files.write(Path.of("target", "webhook-benchmark.txt"), lines);
        lines.forEach(System.out::println);
    }

    /** {@code events} lifecycle records to a workspace with {@code endpoints} subscribed endpoints. */
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
            long t0 = System.nanoTime();
            for (int i = 0; i < events; i++) {
                String sessionId = IdPrefix.SESSION.newId();
                Instant at = Instant.now();
                var snapshot = SessionSnapshot.newBuilder().setId(sessionId).setWorkspaceId(workspace).setWorkflow("bench")
                        .setStatus(SessionStatus.created).setActor(new Actor(ActorKind.script, null)).setSurface(Surface.web)
                        .setCreatedAt(at).build();
                TestKafka.send(Topic.SESSION_LIFECYCLE, sessionId, SessionLifecycle.newBuilder()
                        .setTransitionId(sessionId + ":created").setSessionId(sessionId).setWorkspaceId(workspace)
                        .setToStatus(SessionStatus.created).setSession(snapshot).setAt(at).build());
            }
            long produced = System.nanoTime();
            int expected = events * endpoints;
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(50))
                    .until(() -> receiver.received().size() >= expected);
            long received = System.nanoTime();
            assertEquals(expected, receiver.received().size(), "each delivery once");
            double seconds = (received - t0) / 1e9;
            var all = receiver.received();
            double window = (all.get(all.size() - 1).nanos() - all.get(0).nanos()) / 1e9;
            return String.format("%d events x %d endpoints = %d deliveries: records produced in %.1f s, all received "
                            + "%.1f s after the first record -> %.0f deliveries/s end to end; %.0f/s between first and last receipt",
                    events, endpoints, expected, (produced - t0) / 1e9, seconds, expected / seconds, expected / window);
        }
    }
}
