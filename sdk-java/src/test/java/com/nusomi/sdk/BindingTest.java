package com.nusomi.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nusomi.sdk.internal.Json;
import com.nusomi.sdk.model.Destination;
import com.nusomi.sdk.model.Event;
import com.nusomi.sdk.model.EventInput;
import com.nusomi.sdk.model.EventPayload;
import com.nusomi.sdk.model.EventType;
import com.nusomi.sdk.model.ExportCreate;
import com.nusomi.sdk.model.ExportFilter;
import com.nusomi.sdk.model.FrameSampling;
import com.nusomi.sdk.model.SessionData;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** JSON binding: snake_case wire fields, the event union, request bodies as SPEC §4/§6 spell them. */
class BindingTest {

    private static Event event(String type, String payload) throws Exception {
        return Json.MAPPER.readValue("""
                {"id":"evt_1","session_id":"ses_1","frame_id":"frm_1","t_ms":5,"type":"%s","payload":%s,
                 "confidence":1.0,"source":"sdk","created_at":"2026-12-06T00:00:01Z","extra_field":true}"""
                .formatted(type, payload), Event.class);
    }

    @Test
    void eachOfTheTwelveTypesBindsToItsPayloadRecord() throws Exception {
        Map<EventType, String> samples = Map.ofEntries(
                Map.entry(EventType.CLICK, "{\"x\":1.5,\"y\":2,\"target\":{\"role\":\"button\",\"name\":\"Go\"},\"modifiers\":[\"shift\"]}"),
                Map.entry(EventType.KEYPRESS, "{\"key\":\"Enter\",\"modifiers\":[]}"),
                Map.entry(EventType.INPUT_TEXT, "{\"field\":\"email\",\"value\":\"[masked]\"}"),
                Map.entry(EventType.NAVIGATE, "{\"from_url\":\"https://a\",\"to_url\":\"https://b\",\"source\":\"link\"}"),
                Map.entry(EventType.APP_FOCUS, "{\"from_app\":\"Finder\",\"to_app\":\"Excel\"}"),
                Map.entry(EventType.SUBMIT, "{\"form\":\"invoice\",\"payload\":{\"amount\":12}}"),
                Map.entry(EventType.VALIDATION_ERROR, "{\"field\":\"amount\",\"message\":\"required\"}"),
                Map.entry(EventType.RETRY, "{\"of_event_id\":\"evt_0\",\"after_ms\":1200}"),
                Map.entry(EventType.WAIT, "{\"duration_ms\":3000,\"reason\":\"spinner\"}"),
                Map.entry(EventType.SUCCESS, "{\"marker\":\"approved\"}"),
                Map.entry(EventType.ERROR, "{\"kind\":\"http\",\"message\":\"500\"}"),
                Map.entry(EventType.TAG, "{\"name\":\"reviewed\",\"data\":{\"by\":\"bob\"}}"));
        for (EventType type : EventType.values()) {
            Event e = event(type.wire(), samples.get(type));
            assertEquals(type.payloadClass(), e.payload().getClass(), type.wire());
            assertEquals(type.wire(), e.payload().type());
            assertEquals(Instant.parse("2026-12-06T00:00:01Z"), e.createdAt());
        }
        assertEquals("evt_0", ((EventPayload.Retry) event("retry", samples.get(EventType.RETRY)).payload()).ofEventId());
        assertEquals("https://b", ((EventPayload.Navigate) event("navigate", samples.get(EventType.NAVIGATE)).payload()).toUrl());
        assertEquals(12, ((EventPayload.Submit) event("submit", samples.get(EventType.SUBMIT)).payload()).payload()
                .path("amount").asInt());
    }

    @Test
    void aTypeThisSdkDoesNotKnowIsKeptUntyped() throws Exception {
        Event e = event("hover", "{\"x\":1}");
        var unknown = assertInstanceOf(EventPayload.Unknown.class, e.payload());
        assertEquals("hover", unknown.type());
        assertTrue(e.eventType().isEmpty());
        assertEquals("{\"x\":1}", Json.MAPPER.writeValueAsString(e.payload()));
    }

    @Test
    void sessionFieldsBindFromSnakeCase() throws Exception {
        SessionData s = Json.MAPPER.readValue(StubServer.SESSION, SessionData.class);
        assertEquals("script", s.actor().kind());
        assertNull(s.durationMs());
        assertEquals(Instant.parse("2026-12-06T00:00:00Z"), s.createdAt());
    }

    @Test
    void anExportRequestIsWrittenAsSpecSixSpellsIt() throws Exception {
        ExportCreate create = ExportCreate.builder().workflow("process_invoice")
                .filter(ExportFilter.outcome("success").withActorKind("human").withSince("30d"))
                .format("webdataset").frameSampling(FrameSampling.everyNMs(500))
                .destination(Destination.s3("bucket", "datasets/v1/", "us-east-1", "http://127.0.0.1:18333"))
                .tag("process_invoice@v1").build();
        JsonNode json = Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(create));

        assertEquals("process_invoice", json.path("workflow").asText());
        assertEquals("success", json.path("filter").path("outcome").asText());
        assertEquals("human", json.path("filter").path("actor.kind").asText());
        assertEquals("30d", json.path("filter").path("since").asText());
        assertTrue(json.path("filter").path("until").isMissingNode(), "null fields are not sent");
        assertEquals("every_n_ms", json.path("frame_sampling").path("mode").asText());
        assertEquals(500, json.path("frame_sampling").path("interval_ms").asInt());
        assertTrue(json.path("frame_sampling").path("keep_action_frames").asBoolean());
        assertEquals("s3", json.path("destination").path("kind").asText());
        assertEquals("http://127.0.0.1:18333", json.path("destination").path("endpoint").asText());
        assertEquals("{\"kind\":\"signed_url\"}", Json.MAPPER.writeValueAsString(Destination.signedUrl()));
    }

    @Test
    void anEventToEmitCarriesItsTypeFromThePayload() throws Exception {
        JsonNode json = Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(
                EventInput.at(120, new EventPayload.Click(612, 388, com.nusomi.sdk.model.Target.of("button", "Approve")))));
        assertEquals("click", json.path("type").asText());
        assertEquals(120, json.path("t_ms").asInt());
        assertEquals(612.0, json.path("payload").path("x").asDouble());
        assertEquals("Approve", json.path("payload").path("target").path("name").asText());
        assertTrue(json.path("frame_id").isMissingNode());
    }
}
