package com.nusomi.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nusomi.sdk.StubServer.Reply;
import com.nusomi.sdk.model.Event;
import com.nusomi.sdk.model.EventPayload;
import com.nusomi.sdk.model.EventType;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The SSE iterator: typed events, reconnect with Last-Event-ID, end, close from another thread. */
class EventStreamTest {
    private static final String PATH = "/v1/sessions/ses_01/events/stream";

    private static String frame(String id, String type, long tMs, String payload) {
        return "id: " + id + "\nevent: " + type + "\ndata: {\"id\":\"" + id + "\",\"session_id\":\"ses_01\",\"type\":\""
                + type + "\",\"t_ms\":" + tMs + ",\"frame_id\":\"frm_1\",\"confidence\":0.99,\"source\":\"dom\","
                + "\"payload\":" + payload + ",\"created_at\":\"2026-12-06T00:00:00Z\"}\n\n";
    }

    private static StubServer.Handler sse(String text, boolean thenHang, CountDownLatch hanging) {
        return exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
            if (thenHang) {
                hanging.countDown();
                try {
                    Thread.sleep(30_000);
                } catch (InterruptedException ignored) {
                    // the stub stops
                }
            }
            exchange.close();
        };
    }

    @Test
    void aDroppedConnectionResumesAfterTheLastEventWithNothingMissedOrRepeated() throws Exception {
        try (var stub = new StubServer()) {
            // first connection: two events and a keepalive, then the connection drops without `event: end`
            stub.on("GET " + PATH,
                    Reply.custom(sse(": keepalive\n\n" + frame("evt_1", "click", 10, "{\"x\":612,\"y\":388,"
                            + "\"target\":{\"role\":\"button\",\"name\":\"Approve\"},\"modifiers\":[]}")
                            + frame("evt_2", "input_text", 20, "{\"field\":\"amount\",\"value\":\"12\"}"), false, null)),
                    Reply.custom(sse(frame("evt_3", "validation_error", 30, "{\"field\":\"amount\",\"message\":\"too low\"}")
                            + "event: end\ndata: {}\n\n", false, null)));
            List<Duration> waits = new CopyOnWriteArrayList<>();
            List<Event> events = new ArrayList<>();
            try (EventStream stream = stub.client(waits).events().stream("ses_01")) {
                stream.forEach(events::add);
                assertEquals(1, stream.reconnects());
                assertEquals("evt_3", stream.lastEventId());
                assertTrue(stream.isDone());
            }

            assertEquals(List.of("evt_1", "evt_2", "evt_3"), events.stream().map(Event::id).toList());
            var click = assertInstanceOf(EventPayload.Click.class, events.get(0).payload());
            assertEquals(612.0, click.x());
            assertEquals("Approve", click.target().name());
            assertEquals(EventType.INPUT_TEXT, events.get(1).eventType().orElseThrow());
            assertEquals("too low", ((EventPayload.ValidationError) events.get(2).payload()).message());
            var connections = stub.requests("GET", PATH);
            assertEquals(2, connections.size());
            assertNull(connections.get(0).header("Last-Event-ID"));
            assertEquals("evt_2", connections.get(1).header("Last-Event-ID"));
            assertEquals("text/event-stream", connections.get(1).header("Accept"));
            assertEquals(1, waits.size(), "one pause before the reconnect");
        }
    }

    @Test
    void typesAndConfidenceGoIntoTheQuery() throws Exception {
        try (var stub = new StubServer()) {
            stub.on("GET " + PATH, Reply.custom(sse("event: end\ndata: {}\n\n", false, null)));
            try (var stream = stub.client(new ArrayList<>()).events().stream("ses_01",
                    StreamOptions.types(EventType.CLICK, EventType.VALIDATION_ERROR).withConfidenceGte(0.9))) {
                assertFalse(stream.iterator().hasNext());
            }
            assertEquals("type=click%2Cvalidation_error&confidence_gte=0.9", stub.requests("GET", PATH).get(0).query());
        }
    }

    @Test
    void aMissingSessionFailsAtOnceWithItsCode() throws Exception {
        try (var stub = new StubServer()) {
            stub.on("GET " + PATH, Reply.json(404, StubServer.error("session_not_found", "no session ses_01", null)));
            var waits = new ArrayList<Duration>();
            try (var stream = stub.client(waits).events().stream("ses_01")) {
                var e = assertThrows(NusomiException.class, () -> stream.iterator().hasNext());
                assertEquals("session_not_found", e.code());
            }
            assertEquals(1, stub.requests("GET", PATH).size());
            assertTrue(waits.isEmpty());
        }
    }

    @Test
    void closeFromAnotherThreadEndsABlockedIteration() throws Exception {
        try (var stub = new StubServer()) {
            CountDownLatch hanging = new CountDownLatch(1);
            stub.on("GET " + PATH, Reply.custom(sse(frame("evt_1", "success", 10, "{\"marker\":\"done\"}"), true, hanging)));
            EventStream stream = stub.client(new ArrayList<>()).events().stream("ses_01");
            var it = stream.iterator();
            assertEquals("evt_1", it.next().id());
            assertTrue(hanging.await(10, TimeUnit.SECONDS));
            Thread closer = new Thread(() -> {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException ignored) {
                    // test ends
                }
                stream.close();
            });
            closer.start();
            assertFalse(it.hasNext(), "the blocked read returns once the stream is closed");
            closer.join();
        }
    }

    @Test
    void aSilentConnectionIsDroppedAndResumed() throws Exception {
        try (var stub = new StubServer()) {
            CountDownLatch hanging = new CountDownLatch(1);
            stub.on("GET " + PATH,
                    Reply.custom(sse(frame("evt_1", "click", 10, "{\"x\":1,\"y\":2}"), true, hanging)),
                    Reply.custom(sse(frame("evt_2", "success", 20, "{\"marker\":\"done\"}") + "event: end\n\n", false, null)));
            List<String> ids = new ArrayList<>();
            try (var stream = stub.client(new ArrayList<>()).events().stream("ses_01",
                    StreamOptions.DEFAULT.withIdleTimeout(Duration.ofMillis(300)))) {
                stream.forEach(e -> ids.add(e.id()));
            }
            assertEquals(List.of("evt_1", "evt_2"), ids);
            assertEquals("evt_1", stub.requests("GET", PATH).get(1).header("Last-Event-ID"));
        }
    }
}
