package com.nusomi.captureingest.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nusomi.devstack.DevStackResource;
import com.nusomi.devstack.testing.TopicReader;
import com.nusomi.captureingest.support.CatalogSessions;
import com.nusomi.contracts.Headers;
import com.nusomi.contracts.IdPrefix;
import com.nusomi.contracts.Masking;
import com.nusomi.contracts.Topic;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The signal upload as a capture agent calls it, against the devstack's Kafka, registry and PostgreSQL: the answer,
 * the records on {@code nusomi.capture.signals} (masked), safe retries and every documented refusal.
 */
@QuarkusTest
@QuarkusTestResource(value = DevStackResource.class)
class SignalUploadResourceTest {
    private static final String WORKSPACE = IdPrefix.WORKSPACE.newId();
    private static final String PASSWORD = "hunter2-Secret!";

    @Inject
    Pool pool;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @ConfigProperty(name = "mp.messaging.connector.smallrye-kafka.apicurio.registry.url")
    String registryUrl;

    @BeforeEach
    void catalog() {
        // the catalog belongs to session-sealer; this test creates it from service-kit's migration to hold sessions
        CatalogSessions.ensureSchema();
    }

    // ---------- accepted ----------

    @Test
    void publishesTypedSignalsInOrderWithPasswordsMasked() {
        String session = session("recording");
        String body = """
                {"signals": [
                  {"seq": 0, "t_ms": 100, "kind": "pointer_down", "x": 12.5, "y": 40, "button": 0, "buttons": 1,
                   "modifiers": ["shift"], "tab_id": "T1", "url": "http://127.0.0.1/login", "frame_t_ms": 90,
                   "target": {"role": "button", "name": "Sign in", "selector": "#signin", "tag": "button",
                              "bounds": {"x": 10, "y": 30, "w": 80, "h": 24}}},
                  {"seq": 1, "t_ms": 120, "kind": "key", "key": "h", "code": "KeyH", "target": %1$s},
                  {"seq": 2, "t_ms": 120, "kind": "value_change", "value": "%2$s", "target": %1$s},
                  {"seq": 3, "t_ms": 130, "kind": "key", "key": "Enter", "target": %1$s},
                  {"seq": 4, "t_ms": 140, "kind": "form_submit", "form": "login", "fields": [
                     {"name": "user", "input_type": "text", "value": "alice"},
                     {"name": "password", "input_type": "password", "value": "%2$s"}]},
                  {"seq": 5, "t_ms": 150, "kind": "busy_start", "reason": "spinner", "busy_id": "b1"},
                  {"seq": 6, "t_ms": 160, "kind": "validation_surfaced", "field": "amount", "message": "Required",
                   "source": "aria_invalid"}
                ]}""".formatted("{\"tag\": \"input\", \"input_type\": \"password\", \"field\": \"password\"}", PASSWORD);

        List<String> ids = upload(session, body).statusCode(201).body("data", hasSize(7))
                .body("data[0].seq", equalTo(0)).body("data[2].t_ms", equalTo(120))
                .extract().jsonPath().getList("data.id", String.class);
        assertTrue(ids.stream().allMatch(IdPrefix.SIGNAL::matches), ids.toString());

        List<ConsumerRecord<String, GenericRecord>> records = recordsOf(session, 7);
        assertEquals(7, records.size());
        for (int i = 0; i < 7; i++) {
            GenericRecord value = records.get(i).value();
            assertEquals(ids.get(i), value.get("signal_id").toString());
            assertEquals(WORKSPACE, value.get("workspace_id").toString());
            assertEquals((long) i, ((GenericRecord) browser(value)).get("seq"));
            assertFalse(value.toString().contains(PASSWORD), "record " + i + " carries the password: " + value);
        }
        GenericRecord down = records.get(0).value();
        assertEquals("pointer_down", ((GenericRecord) down.get("body")).get("kind").toString());
        GenericRecord pointer = (GenericRecord) browser(down).get("body");
        assertEquals(12.5, pointer.get("x"));
        assertEquals("down", pointer.get("phase").toString());
        assertEquals("#signin", ((GenericRecord) browser(down).get("target")).get("selector").toString());
        assertEquals(90L, browser(down).get("frame_t_ms"));
        assertEquals(Masking.MASKED, ((GenericRecord) browser(records.get(1).value()).get("body")).get("key").toString());
        assertEquals(Masking.MASKED, ((GenericRecord) browser(records.get(2).value()).get("body")).get("value").toString());
        assertEquals(true, ((GenericRecord) browser(records.get(2).value()).get("body")).get("masked"));
        assertEquals("Enter", ((GenericRecord) browser(records.get(3).value()).get("body")).get("key").toString());
        @SuppressWarnings("unchecked")
        var fields = (List<GenericRecord>) ((GenericRecord) browser(records.get(4).value()).get("body")).get("fields");
        assertEquals("alice", fields.get(0).get("value").toString());
        assertEquals(Masking.MASKED, fields.get(1).get("value").toString());
    }

    @Test
    void aResentUploadIsAnsweredWithTheSameIdsAndPublishesNothingTwice() {
        String session = session("recording");
        String first = signals(0, 2, 100);
        List<String> ids = upload(session, first).statusCode(201).extract().jsonPath().getList("data.id", String.class);
        List<String> again = upload(session, first).statusCode(201).extract().jsonPath().getList("data.id", String.class);
        assertEquals(ids, again);
        // the agent lost an answer and re-batched: the stored signal keeps its id, the new ones are added
        String overlap = """
                {"signals": [{"seq": 1, "t_ms": 101, "kind": "key", "key": "Tab"},
                             {"seq": 2, "t_ms": 300, "kind": "key", "key": "Tab"}]}""";
        List<String> mixed = upload(session, overlap).statusCode(201).extract().jsonPath().getList("data.id", String.class);
        assertEquals(ids.get(1), mixed.get(0));
        // another signal under a stored seq is a conflict
        upload(session, "{\"signals\": [{\"seq\": 2, \"t_ms\": 301, \"kind\": \"key\", \"key\": \"Tab\"}]}")
                .statusCode(409).body("error.code", equalTo("invalid_request")).body("error.param", equalTo("signals[0].seq"));
        assertEquals(3, recordsOf(session, 3).size(), "seq 0..2 once each");
    }

    // ---------- refused ----------

    @Test
    void unknownSealedOrForeignSessionsAreRefused() {
        upload(IdPrefix.SESSION.newId(), signals(0, 1, 0)).statusCode(404)
                .body("error.code", equalTo("session_not_found")).body("error.param", equalTo("id"));
        upload("not-a-session", signals(0, 1, 0)).statusCode(404).body("error.code", equalTo("session_not_found"));
        upload(session("sealed"), signals(0, 1, 0)).statusCode(409).body("error.code", equalTo("invalid_state"));
        upload(session("created"), signals(0, 1, 0)).statusCode(409).body("error.code", equalTo("invalid_state"));
        String session = session("recording");
        given().header(Headers.WORKSPACE_ID, IdPrefix.WORKSPACE.newId()).contentType("application/json").body(signals(0, 1, 0))
                .post("/internal/v1/sessions/{id}/signals", session).then().statusCode(404)
                .body("error.code", equalTo("session_not_found"));
        given().header(Headers.WORKSPACE_ID, WORKSPACE).contentType("application/json").body(signals(0, 1, 0))
                .post("/internal/v1/sessions/{id}/signals", session).then().statusCode(201);
    }

    @Test
    void tMsGoingBackwardsIsRefusedWithinAndAcrossUploads() {
        String session = session("recording");
        upload(session, """
                {"signals": [{"seq": 0, "t_ms": 50, "kind": "key", "key": "a"}, {"seq": 1, "t_ms": 49, "kind": "key", "key": "b"}]}""")
                .statusCode(400).body("error.code", equalTo("invalid_request")).body("error.param", equalTo("signals[1].t_ms"));
        upload(session, signals(0, 1, 500)).statusCode(201);
        upload(session, signals(1, 1, 499)).statusCode(400).body("error.param", equalTo("signals[0].t_ms"));
        assertEquals(1, recordsOf(session, 1).size(), "a refused upload publishes nothing");
    }

    @Test
    void malformedSignalsNameTheFieldAtFault() {
        String session = session("recording");
        upload(session, "not json").statusCode(400).body("error.code", equalTo("invalid_request"));
        upload(session, "{\"signals\": []}").statusCode(400).body("error.param", equalTo("signals"));
        upload(session, "{\"signals\": [{\"seq\": 0, \"t_ms\": 1, \"kind\": \"hover\"}]}").statusCode(400)
                .body("error.param", equalTo("signals[0].kind"));
        upload(session, "{\"signals\": [{\"seq\": 0, \"t_ms\": -1, \"kind\": \"key\", \"key\": \"a\"}]}").statusCode(400)
                .body("error.param", equalTo("signals[0].t_ms"));
        upload(session, "{\"signals\": [{\"seq\": 0, \"t_ms\": 1, \"kind\": \"pointer_up\", \"x\": \"1\", \"y\": 2}]}").statusCode(400)
                .body("error.param", equalTo("signals[0].x"));
        upload(session, "{\"signals\": [{\"seq\": 0, \"t_ms\": 1, \"kind\": \"key\", \"key\": \"a\", \"modifiers\": [\"hyper\"]}]}")
                .statusCode(400).body("error.param", equalTo("signals[0].modifiers[0]"));
        upload(session, "{\"signals\": [{\"seq\": 0, \"t_ms\": 1, \"kind\": \"busy_end\", \"reason\": \"sleepy\", \"busy_id\": \"x\"}]}")
                .statusCode(400).body("error.param", equalTo("signals[0].reason"));
        upload(session, "{\"signals\": [{\"seq\": 0, \"t_ms\": 1, \"kind\": \"key\", \"key\": \"a\", \"target\": {\"bounds\": {\"x\": 1}}}]}")
                .statusCode(400).body("error.param", equalTo("signals[0].target.bounds.y"));
        upload(session, "{\"signals\": [{\"seq\": 1, \"t_ms\": 1, \"kind\": \"key\", \"key\": \"a\"}, {\"seq\": 1, \"t_ms\": 1, \"kind\": \"key\", \"key\": \"b\"}]}")
                .statusCode(400).body("error.param", equalTo("signals[1].seq"));
        assertTrue(recordsOf(session, 1).isEmpty());
    }

    @Test
    void successAndErrorMarkersArePublishedAndAnUnknownMarkerKindIsRefused() {
        String session = session("recording");
        upload(session, """
                {"signals": [{"seq": 0, "t_ms": 10, "kind": "marker", "marker_kind": "sparkle", "name": "x"}]}""")
                .statusCode(400).body("error.code", equalTo("invalid_request")).body("error.param", equalTo("signals[0].marker_kind"));
        upload(session, """
                {"signals": [{"seq": 0, "t_ms": 10, "kind": "marker", "marker_kind": "success", "name": "invoice_created"},
                             {"seq": 1, "t_ms": 20, "kind": "marker", "marker_kind": "error", "name": "declined",
                              "message": "Card declined"}]}""").statusCode(201).body("data", hasSize(2));
        List<ConsumerRecord<String, GenericRecord>> records = recordsOf(session, 2);
        GenericRecord success = (GenericRecord) browser(records.get(0).value()).get("body");
        assertEquals("success", success.get("kind").toString());
        assertEquals("invoice_created", success.get("name").toString());
        GenericRecord error = (GenericRecord) browser(records.get(1).value()).get("body");
        assertEquals("error", error.get("kind").toString());
        assertEquals("Card declined", error.get("message").toString());
    }

    @Test
    void failureSignalsArePublishedAndAnUnknownFailureKindIsRefused() {
        String session = session("recording");
        upload(session, """
                {"signals": [{"seq": 0, "t_ms": 10, "kind": "failure", "failure_kind": "crash", "message": "x"}]}""")
                .statusCode(400).body("error.code", equalTo("invalid_request")).body("error.param", equalTo("signals[0].failure_kind"));
        upload(session, """
                {"signals": [{"seq": 0, "t_ms": 10, "kind": "failure", "failure_kind": "http_error",
                              "message": "POST /api/invoices answered 500", "status": 500},
                             {"seq": 1, "t_ms": 20, "kind": "failure", "failure_kind": "alert", "status": null,
                              "message": "Could not save"}]}""").statusCode(201).body("data", hasSize(2));
        List<ConsumerRecord<String, GenericRecord>> records = recordsOf(session, 2);
        GenericRecord http = (GenericRecord) browser(records.get(0).value()).get("body");
        assertEquals("http_error", http.get("kind").toString());
        assertEquals("POST /api/invoices answered 500", http.get("message").toString());
        assertEquals(500, http.get("status"));
        GenericRecord alert = (GenericRecord) browser(records.get(1).value()).get("body");
        assertEquals("alert", alert.get("kind").toString());
        assertEquals(null, alert.get("status"));
    }

    @Test
    void aFieldWhoseAutocompleteNamesAOneTimeCodeIsMaskedWhateverItsName() {
        String session = session("recording");
        String target = "{\"tag\": \"input\", \"input_type\": \"text\", \"field\": \"token\", \"autocomplete\": \"one-time-code\"}";
        upload(session, """
                {"signals": [{"seq": 0, "t_ms": 10, "kind": "key", "key": "7", "target": %1$s},
                             {"seq": 1, "t_ms": 11, "kind": "value_change", "value": "734912", "target": %1$s}]}""".formatted(target))
                .statusCode(201);
        List<ConsumerRecord<String, GenericRecord>> records = recordsOf(session, 2);
        assertEquals("one-time-code", ((GenericRecord) browser(records.get(0).value()).get("target")).get("autocomplete").toString());
        assertEquals(Masking.MASKED, ((GenericRecord) browser(records.get(0).value()).get("body")).get("key").toString());
        assertEquals(Masking.MASKED, ((GenericRecord) browser(records.get(1).value()).get("body")).get("value").toString());
    }

    // ---------- helpers ----------

    private static ValidatableResponse upload(String session, String body) {
        return given().contentType("application/json").body(body).post("/internal/v1/sessions/{id}/signals", session).then();
    }

    /** {@code count} key signals from seq {@code firstSeq}, t_ms rising from {@code tMs}. */
    private static String signals(int firstSeq, int count, long tMs) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add("{\"seq\": %d, \"t_ms\": %d, \"kind\": \"key\", \"key\": \"Tab\"}".formatted(firstSeq + i, tMs + i));
        }
        return "{\"signals\": [" + String.join(",", out) + "]}";
    }

    private String session(String status) {
        return CatalogSessions.insert(pool, WORKSPACE, status);
    }

    private static GenericRecord browser(GenericRecord captureSignal) {
        return (GenericRecord) ((GenericRecord) captureSignal.get("body")).get("browser");
    }

    private static TopicReader<GenericRecord> published;

    /**
     * The session's records on nusomi.capture.signals in offset order: every one published before the call (the API
     * answers only after Kafka acknowledged), after waiting (up to the reader's wait) for {@code expected} of them.
     */
    private List<ConsumerRecord<String, GenericRecord>> recordsOf(String session, int expected) {
        synchronized (SignalUploadResourceTest.class) {
            if (published == null) {
                AvroKafkaDeserializer<GenericRecord> values = new AvroKafkaDeserializer<>();
                values.configure(Map.of("apicurio.registry.url", registryUrl), false);
                published = new TopicReader<>(bootstrapServers, Topic.CAPTURE_SIGNALS.topicName(), values, Duration.ofSeconds(15));
            }
        }
        try {
            published.awaitRecords(r -> session.equals(r.key()), expected);
        } catch (AssertionError fewer) {
            // the caller asserts the count: a test that expects nothing passes its upper bound here
        }
        return published.byKeyUpToNow(session);
    }
}
