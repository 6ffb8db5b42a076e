package com.nusomi.apigateway.stream;

import static com.nusomi.apigateway.stream.StreamFixtures.click;
import static com.nusomi.apigateway.stream.StreamFixtures.project;
import static com.nusomi.apigateway.stream.StreamFixtures.publish;
import static com.nusomi.apigateway.stream.StreamFixtures.stored;
import static com.nusomi.apigateway.stream.StreamFixtures.submit;
import static com.nusomi.apigateway.stream.StreamFixtures.validationError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nusomi.apigateway.mapping.Json;
import com.nusomi.apigateway.stream.StreamFixtures.Recorded;
import com.nusomi.apigateway.support.Api;
import com.nusomi.apigateway.support.FakeCaptureIngest;
import com.nusomi.devstack.DevStackResource;
import com.nusomi.apigateway.support.SseClient;
import com.nusomi.apigateway.support.SseClient.Frame;
import com.nusomi.contracts.IdPrefix;
import com.nusomi.contracts.avro.Event;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Session and workflow event streams (SPEC §5) against the real broker, registry and catalog. */
@QuarkusTest
@QuarkusTestResource(DevStackResource.class)
@QuarkusTestResource(FakeCaptureIngest.class)
class EventStreamsTest {
    private static Api.Workspace acme;
    private static Api.Workspace globex;

    @TestHTTPResource("/")
    URL base;

    @BeforeEach
    void setUp() {
        if (acme == null) {
            acme = Api.newWorkspace("streams-acme");
            globex = Api.newWorkspace("streams-globex");
        }
    }

    private SseClient open(String path, String key, String lastEventId) {
        return SseClient.open(base.toString(), path, key, lastEventId);
    }

    private SseClient session(Recorded s, String query, String lastEventId) {
        SseClient client = open("/v1/sessions/" + s.sessionId() + "/events/stream" + query, acme.adminKey(), lastEventId);
        assertEquals(200, client.status(), () -> client.body());
        return client;
    }

    @Test
    void liveEventsArriveAsSpecFrames() {
        Recorded s = StreamFixtures.recordingSession(acme.id(), "stream_live");
        try (SseClient stream = session(s, "", null)) {
            assertEquals("text/event-stream", stream.header("Content-Type").orElse("").split(";")[0]);
            assertTrue(IdPrefix.REQUEST.matches(stream.header("X-Request-Id").orElse(null)),
                    "a stream answer carries its X-Request-Id like every answer");
            Event e = stored(click(s, 1200, 0.99));
            Frame frame = stream.next();
            assertEquals(e.getEventId(), frame.id());
            assertEquals("click", frame.event());
            JsonNode data = Json.parse(frame.data());
            assertEquals(e.getEventId(), data.path("id").asText());
            assertEquals(s.sessionId(), data.path("session_id").asText());
            assertEquals("click", data.path("type").asText());
            assertEquals(1200, data.path("t_ms").asLong());
            assertEquals(s.frameId(), data.path("frame_id").asText());
            assertEquals(0.99, data.path("confidence").asDouble());
            assertEquals("dom", data.path("source").asText());
            assertEquals("Save", data.path("payload").path("target").path("name").asText());
            assertEquals(10, data.path("payload").path("x").asInt());
            // the wire form of SPEC §5, line by line
            List<String> lines = stream.rawLines();
            int at = lines.indexOf("id: " + e.getEventId());
            assertTrue(at >= 0, () -> "no 'id: evt_…' line in " + lines);
            assertEquals("event: click", lines.get(at + 1));
            assertEquals("data: " + frame.data(), lines.get(at + 2));
            assertEquals("", lines.get(at + 3));
        }
    }

    @Test
    void aReconnectWithLastEventIdGetsEveryEventExactlyOnceInOrder() {
        Recorded s = StreamFixtures.recordingSession(acme.id(), "stream_reconnect");
        List<Event> all = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        try (SseClient first = session(s, "", null)) {
            all.add(stored(click(s, 100, 0.99)));
            all.add(stored(submit(s, 200)));
            // on the topic, not in the catalog yet: the sealer lags behind
            Event lagging = click(s, 300, 0.99);
            publish(lagging);
            all.add(lagging);
            first.next(3).forEach(f -> seen.add(f.id()));
            project(lagging);
        }
        // while disconnected: one projected, one only on the topic
        all.add(stored(click(s, 400, 0.99)));
        Event unprojected = validationError(s, 500);
        publish(unprojected);
        all.add(unprojected);
        try (SseClient second = session(s, "", seen.get(seen.size() - 1))) {
            second.next(2).forEach(f -> seen.add(f.id()));
            all.add(stored(submit(s, 600)));
            seen.add(second.next().id());
            assertTrue(second.drain(Duration.ofMillis(1500)).isEmpty(), "no duplicate after going live");
        }
        List<String> expected = all.stream().sorted(Comparator.comparingLong(Event::getTMs).thenComparing(Event::getEventId))
                .map(Event::getEventId).toList();
        assertEquals(expected, seen);

        // a fresh stream replays the whole session in (t_ms, id) order, the not yet projected event included
        try (SseClient fresh = session(s, "", null)) {
            assertEquals(expected, fresh.next(expected.size()).stream().map(Frame::id).toList());
        }
    }

    @Test
    void eventsTheCatalogLacksAreTakenFromTheLiveFeedAfterTheProjectionsCommittedOffsets() {
        Recorded s = StreamFixtures.recordingSession(acme.id(), "stream_handover");
        Event projected = stored(click(s, 200, 0.99));
        StreamFixtures.projectionCaughtUp();
        // after the sealer's commit: on the topic, not yet in the catalog
        Event pending = submit(s, 100);
        publish(pending);
        Event later = click(s, 300, 0.99);
        publish(later);
        try (SseClient stream = session(s, "", null)) {
            assertEquals(List.of(pending.getEventId(), projected.getEventId(), later.getEventId()),
                    stream.next(3).stream().map(Frame::id).toList());
            project(pending);
            project(later);
            Event live = stored(click(s, 400, 0.99));
            assertEquals(live.getEventId(), stream.next().id());
            assertTrue(stream.drain(Duration.ofMillis(1500)).isEmpty(), "nothing twice");
        }
    }

    @Test
    void filtersApplyToReplayAndLive() {
        Recorded s = StreamFixtures.recordingSession(acme.id(), "stream_filters");
        Event oldClick = stored(click(s, 100, 0.95));
        stored(click(s, 150, 0.5));
        stored(validationError(s, 200));
        Event early = stored(submit(s, 50));
        try (SseClient stream = session(s, "?type=click,submit&confidence_gte=0.9&from_t_ms=60", null)) {
            assertEquals(oldClick.getEventId(), stream.next().id());
            stored(validationError(s, 300));
            stored(click(s, 310, 0.7));
            stored(submit(s, 40));
            Event liveSubmit = stored(submit(s, 320));
            assertEquals(liveSubmit.getEventId(), stream.next().id());
            assertTrue(stream.drain(Duration.ofMillis(1000)).isEmpty());
        }
        assertTrue(early.getTMs() < 60);

        try (SseClient bad = open("/v1/sessions/" + s.sessionId() + "/events/stream?type=click,hover", acme.adminKey(), null)) {
            assertEquals(400, bad.status());
            JsonNode error = Json.parse(bad.body()).path("error");
            assertEquals("invalid_filter", error.path("code").asText());
            assertEquals("type", error.path("param").asText());
        }
        try (SseClient bad = open("/v1/sessions/" + s.sessionId() + "/events/stream?confidence_gte=2", acme.adminKey(), null)) {
            assertEquals(400, bad.status());
            assertEquals("confidence_gte", Json.parse(bad.body()).path("error").path("param").asText());
        }
    }

    @Test
    void anIdleStreamGetsKeepaliveComments() {
        Recorded s = StreamFixtures.recordingSession(acme.id(), "stream_keepalive");
        try (SseClient stream = session(s, "", null)) {
            assertTrue(stream.awaitComment("keepalive"));
            assertTrue(stream.rawLines().contains(": keepalive"), () -> "raw: " + stream.rawLines());
        }
    }

    @Test
    void theStreamEndsWhenTheSessionIsSealed() {
        Recorded s = StreamFixtures.recordingSession(acme.id(), "stream_seal");
        try (SseClient stream = session(s, "", null)) {
            Event e = stored(click(s, 100, 0.99));
            assertEquals(e.getEventId(), stream.next().id());
            Event last = stored(submit(s, 200));
            StreamFixtures.seal(s);
            assertEquals(last.getEventId(), stream.next().id());
            Frame end = stream.next();
            assertEquals("end", end.event());
            assertEquals("sealed", Json.parse(end.data()).path("status").asText());
            assertTrue(stream.awaitEnd());
        }
    }

    @Test
    void aSealedSessionsStreamReplaysAndEnds() {
        Recorded s = StreamFixtures.recordingSession(acme.id(), "stream_sealed");
        Event a = stored(click(s, 100, 0.99));
        Event b = stored(submit(s, 50));
        StreamFixtures.seal(s);
        try (SseClient stream = session(s, "", null)) {
            assertEquals(List.of(b.getEventId(), a.getEventId()), stream.next(2).stream().map(Frame::id).toList());
            assertEquals("end", stream.next().event());
            assertTrue(stream.awaitEnd());
        }
        try (SseClient resumed = session(s, "", b.getEventId())) {
            assertEquals(a.getEventId(), resumed.next().id());
            assertEquals("end", resumed.next().event());
        }
    }

    @Test
    void anotherWorkspacesSessionIsNotFound() {
        Recorded s = StreamFixtures.recordingSession(acme.id(), "stream_private");
        try (SseClient other = open("/v1/sessions/" + s.sessionId() + "/events/stream", globex.adminKey(), null)) {
            assertEquals(404, other.status());
            assertEquals("session_not_found", Json.parse(other.body()).path("error").path("code").asText());
        }
        try (SseClient none = open("/v1/sessions/" + s.sessionId() + "/events/stream", "nsk_local_nope", null)) {
            assertEquals(401, none.status());
        }
        try (SseClient unknown = open("/v1/sessions/" + s.sessionId() + "/events/stream", acme.adminKey(), IdPrefix.EVENT.newId())) {
            assertEquals(400, unknown.status());
            assertEquals("Last-Event-ID", Json.parse(unknown.body()).path("error").path("param").asText());
        }
    }

    @Test
    void aWorkflowStreamCarriesItsSessionsOnly() {
        Recorded one = StreamFixtures.recordingSession(acme.id(), "stream_wf");
        Recorded two = StreamFixtures.recordingSession(acme.id(), "stream_wf");
        Recorded other = StreamFixtures.recordingSession(acme.id(), "stream_wf_other");
        Recorded foreign = StreamFixtures.recordingSession(globex.id(), "stream_wf");
        String first;
        try (SseClient stream = open("/v1/workflows/stream_wf/events/stream", acme.adminKey(), null)) {
            assertEquals(200, stream.status());
            Event a = stored(click(one, 100, 0.99));
            stored(click(other, 100, 0.99));
            stored(click(foreign, 100, 0.99));
            Event b = stored(click(two, 50, 0.99));
            assertEquals(List.of(a.getEventId(), b.getEventId()), stream.next(2).stream().map(Frame::id).toList());
            first = a.getEventId();
        }
        Event c = stored(submit(one, 300));
        try (SseClient resumed = open("/v1/workflows/stream_wf/events/stream", acme.adminKey(), first)) {
            assertEquals(200, resumed.status());
            List<String> ids = resumed.next(2).stream().map(Frame::id).toList();
            assertEquals(c.getEventId(), ids.get(1));
        }
    }

    @Test
    void streamsAreLimitedPerKeyAndPerWorkspace() {
        Api.Workspace limited = Api.newWorkspace("streams-limited");
        String keyA = Api.newKey(limited, "read");
        String keyB = Api.newKey(limited, "read");
        Recorded s = StreamFixtures.recordingSession(limited.id(), "stream_limits");
        String path = "/v1/sessions/" + s.sessionId() + "/events/stream";
        List<SseClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                open.add(open(path, keyA, null));
                assertEquals(200, open.get(i).status());
            }
            try (SseClient refused = open(path, keyA, null)) {
                assertEquals(429, refused.status());
                assertEquals("stream_limit_exceeded", Json.parse(refused.body()).path("error").path("code").asText());
            }
            open.add(open(path, keyB, null));
            open.add(open(path, keyB, null));
            assertEquals(200, open.get(4).status());
            try (SseClient refused = open(path, keyB, null)) {
                assertEquals(429, refused.status(), "the workspace holds 5 of 5");
            }
            open.remove(0).close();
            awaitOpen(limited.id(), 4);
            try (SseClient again = open(path, keyB, null)) {
                assertEquals(200, again.status(), "a closed stream frees its slot");
            }
        } finally {
            open.forEach(SseClient::close);
        }
    }

    @jakarta.inject.Inject
    StreamLimits limits;

    private void awaitOpen(String workspaceId, int n) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> limits.open(workspaceId) == n);
    }
}
