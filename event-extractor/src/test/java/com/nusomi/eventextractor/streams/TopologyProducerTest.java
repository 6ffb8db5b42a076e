package com.nusomi.eventextractor.streams;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nusomi.contracts.IdPrefix;
import com.nusomi.contracts.avro.Event;
import com.nusomi.contracts.avro.EventSource;
import com.nusomi.contracts.avro.RawInputSignal;
import com.nusomi.devstack.DevStackResource;
import com.nusomi.eventextractor.anchoring.AnchoringTopology;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The running Kafka Streams app on the devstack broker and registry: frames + SDK signals in, anchored events out. */
@QuarkusTest
@QuarkusTestResource(DevStackResource.class)
class TopologyProducerTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private KafkaTestClients kafka;

    @TestHTTPResource("/q/health/ready")
    URI readiness;

    @TestHTTPResource("/q/health/live")
    URI liveness;

    @TestHTTPResource("/q/metrics")
    URI metrics;

    @ConfigProperty(name = "quarkus.kafka-streams.topics")
    List<String> awaitedTopics;

    @BeforeEach
    void clients() {
        kafka = new KafkaTestClients();
    }

    @AfterEach
    void close() {
        kafka.close();
    }

    @Test
    void sdkEventsAreAnchoredToTheFramesUploadedBeforeThem() {
        var session = IdPrefix.SESSION.newId();
        var at0 = kafka.frame(session, 0);
        var at1000 = kafka.frame(session, 1_000);

        var between = kafka.sdkEvent(session, 500, null);
        var exact = kafka.sdkEvent(session, 1_000, null);
        var explicit = kafka.sdkEvent(session, 100, at1000);
        var after = kafka.sdkEvent(session, 1_500, null);

        var events = byId(kafka.events(session, 4));
        assertEquals(at0, events.get(between).getFrameId());
        assertEquals(at1000, events.get(exact).getFrameId());
        assertEquals(at1000, events.get(explicit).getFrameId());
        assertEquals(at1000, events.get(after).getFrameId());
        events.values().forEach(event -> {
            assertEquals(EventSource.sdk, event.getSource());
            assertEquals(1.0, event.getConfidence());
            assertEquals(session, event.getSessionId());
            assertEquals(KafkaTestClients.WORKSPACE, event.getWorkspaceId());
        });
    }

    @Test
    void anEventEmittedBeforeAnyFrameIsPublishedOnceTheFirstFrameArrives() {
        var session = IdPrefix.SESSION.newId();
        var early = kafka.sdkEvent(session, 300, null);

        var first = kafka.frame(session, 0);

        var event = kafka.events(session, 1).getFirst();
        assertEquals(early, event.getEventId());
        assertEquals(first, event.getFrameId());
    }

    @Test
    void readinessIsUpWhileKafkaStreamsRuns() throws Exception {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            var response = get(readiness);
            assertEquals(200, response.statusCode(), response.body());
            assertTrue(response.body().contains("\"kafka-streams-running\""), response.body());
            assertTrue(response.body().contains("\"RUNNING\""), response.body());
            assertTrue(response.body().contains("Kafka Streams topics health check"), response.body());
        });
        assertEquals(200, get(liveness).statusCode());
    }

    @Test
    void rawInputSignalsAreCountedAndKafkaStreamsMetricsExported() {
        var session = IdPrefix.SESSION.newId();
        kafka.frame(session, 0);
        kafka.signal(session, 10, RawInputSignal.newBuilder().setKind("pointer").setData("{}").build());

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            var body = get(metrics).body();
            assertTrue(body.lines().anyMatch(l -> l.startsWith("nusomi_extractor_raw_signals_unextracted_total")
                    && !l.endsWith(" 0.0")), "raw signal counter");
            assertTrue(body.contains("kafka_stream_"), "Kafka Streams metrics binding");
        });
    }

    @Test
    void awaitedTopicsAreExactlyWhatTheTopologyNeeds() {
        assertEquals(AnchoringTopology.requiredTopics(), awaitedTopics);
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, Event> byId(List<Event> events) {
        return events.stream().collect(Collectors.toMap(Event::getEventId, e -> e));
    }
}
