package com.nusomi.apigateway.rest;

import static com.nusomi.apigateway.support.Api.as;
import static com.nusomi.apigateway.support.Api.map;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import com.nusomi.apigateway.support.Api;
import com.nusomi.apigateway.support.Catalog;
import com.nusomi.apigateway.support.FakeCaptureIngest;
import com.nusomi.apigateway.support.FakeSealer;
import com.nusomi.devstack.DevStackResource;
import com.nusomi.contracts.IdPrefix;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(DevStackResource.class)
@QuarkusTestResource(FakeCaptureIngest.class)
class EventsResourceTest {
    private static Api.Workspace acme;
    private static String session;
    private static List<String> frames;

    /** RestAssured knows the test port only per test, hence not a static @BeforeAll. */
    @BeforeEach
    void setUp() {
        if (acme != null) {
            return;
        }
        FakeSealer.ensureRunning();
        acme = Api.newWorkspace("events");
        var recording = recordingSessionWithFrames(acme);
        session = recording.id();
        frames = recording.frames();
    }

    record Recording(String id, List<String> frames) {}

    /** A recording session with frames at t_ms 0, 1000 and 2000. */
    static Recording recordingSessionWithFrames(Api.Workspace workspace) {
        String id = SessionsResourceTest.create(workspace, "events_wf");
        as(workspace.adminKey()).post("/v1/sessions/" + id + "/start").then().statusCode(200);
        List<String> frameIds = new ArrayList<>();
        for (long t : new long[] {0, 1000, 2000}) {
            String frameId = IdPrefix.FRAME.newId();
            Catalog.insertFrame(frameId, id, workspace.id(), t);
            frameIds.add(frameId);
        }
        return new Recording(id, frameIds);
    }

    static Map<String, Object> click(long tMs) {
        return map("type", "click", "t_ms", tMs, "payload", map("x", 10, "y", 20, "target", map("role", "button", "name", "Save")));
    }

    @Test
    void oneEmittedEventIsAnsweredAsStoredAnchoredToItsFrame() {
        as(acme.adminKey()).body(click(1500)).post("/v1/sessions/" + session + "/events").then().statusCode(201)
                .body("id", matchesPattern("^evt_[0-9A-Z]{26}$"))
                .body("session_id", equalTo(session))
                .body("frame_id", equalTo(frames.get(1)))
                .body("t_ms", equalTo(1500))
                .body("type", equalTo("click"))
                .body("payload.x", equalTo(10))
                .body("payload.target.name", equalTo("Save"))
                .body("confidence", equalTo(1.0f))
                .body("source", equalTo("sdk"))
                .body("created_at", notNullValue());
    }

    @Test
    void aBatchIsAnsweredInRequestOrderAndAGivenFrameIdIsKept() {
        as(acme.adminKey()).body(map("events", List.of(
                        map("type", "navigate", "t_ms", 2500, "payload", map("to_url", "https://erp.example/x")),
                        map("type", "success", "t_ms", 100, "payload", map("marker", "done"), "frame_id", frames.get(2)))))
                .post("/v1/sessions/" + session + "/events").then().statusCode(201)
                .body("data.size()", equalTo(2))
                .body("data[0].type", equalTo("navigate"))
                .body("data[0].frame_id", equalTo(frames.get(2)))
                .body("data[1].type", equalTo("success"))
                .body("data[1].frame_id", equalTo(frames.get(2)));
    }

    @Test
    void eventsAreValidatedWithTheFieldAtFault() {
        rejected(map("type", "hover", "t_ms", 1, "payload", map()), "type");
        rejected(map("t_ms", 1, "payload", map()), "type");
        rejected(map("type", "click", "t_ms", -1, "payload", map("x", 1, "y", 1)), "t_ms");
        rejected(map("type", "click", "t_ms", 1.5, "payload", map("x", 1, "y", 1)), "t_ms");
        rejected(map("type", "click", "t_ms", 1, "payload", map("y", 1)), "payload.x");
        rejected(map("type", "click", "t_ms", 1, "payload", map("x", "left", "y", 1)), "payload.x");
        rejected(map("type", "click", "t_ms", 1, "payload", map("x", 1, "y", 1, "z", 3)), "payload.z");
        rejected(map("events", List.of(click(1), map("type", "nope", "t_ms", 1))), "events[1].type");
        rejected(map("events", List.of(click(1), map("type", "wait", "t_ms", 1, "payload", map()))), "events[1].payload.duration_ms");
        rejected(map("events", List.of()), "events");
        rejected(map("events", "click"), "events");
        List<Object> tooMany = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            tooMany.add(click(i));
        }
        rejected(map("events", tooMany), "events");
        var unknownFrame = new HashMap<>(click(1));
        unknownFrame.put("frame_id", IdPrefix.FRAME.newId());
        rejected(unknownFrame, "frame_id");
        rejected(map("events", List.of(click(1), unknownFrame)), "events[1].frame_id");
    }

    private static void rejected(Map<String, ?> body, String param) {
        as(acme.adminKey()).body(body).post("/v1/sessions/" + session + "/events").then().statusCode(400)
                .body("error.code", equalTo("invalid_request")).body("error.param", equalTo(param));
    }

    @Test
    void onlyARecordingSessionOfTheCallersWorkspaceTakesEvents() {
        String created = SessionsResourceTest.create(acme, "events_wf");
        as(acme.adminKey()).body(click(1)).post("/v1/sessions/" + created + "/events").then().statusCode(409)
                .body("error.code", equalTo("invalid_state"));
        var other = Api.newWorkspace("events-other");
        as(other.adminKey()).body(click(1)).post("/v1/sessions/" + session + "/events").then().statusCode(404)
                .body("error.code", equalTo("session_not_found"));
        as(other.adminKey()).get("/v1/sessions/" + session + "/events").then().statusCode(404);
    }

    @Test
    void anEventBeforeAnyFrameIsAcceptedAndAnsweredWithoutItsFrameYet() {
        String id = SessionsResourceTest.create(acme, "events_wf");
        as(acme.adminKey()).post("/v1/sessions/" + id + "/start").then().statusCode(200);
        as(acme.adminKey()).body(click(5)).post("/v1/sessions/" + id + "/events").then().statusCode(201)
                .body("id", matchesPattern("^evt_.*")).body("frame_id", nullValue()).body("source", equalTo("sdk"));
    }

    @Test
    void theListIsOrderedByTmsAndIdWithFiltersAndCursor() {
        var workspace = Api.newWorkspace("events-list");
        String id = recordingSessionWithFrames(workspace).id();
        List<Object> batch = new ArrayList<>();
        for (long t : new long[] {300, 100, 200, 100}) {
            batch.add(click(t));
        }
        batch.add(map("type", "submit", "t_ms", 400, "payload", map("form", "invoice")));
        List<String> ids = as(workspace.adminKey()).body(map("events", batch)).post("/v1/sessions/" + id + "/events")
                .then().statusCode(201).extract().path("data.id");
        // (t_ms, id) order: the two t_ms 100 events by id (ids rise in request order)
        List<String> ordered = List.of(ids.get(1), ids.get(3), ids.get(2), ids.get(0), ids.get(4));

        // the emit answers once Kafka acknowledged the events; they are listed once the pipeline stored them
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
                as(workspace.adminKey()).get("/v1/sessions/" + id + "/events").then().statusCode(200)
                        .body("data.id", equalTo(ordered)).body("has_more", equalTo(false)));
        var page = as(workspace.adminKey()).get("/v1/sessions/" + id + "/events?limit=2").then().statusCode(200)
                .body("data.id", equalTo(ordered.subList(0, 2))).body("has_more", equalTo(true)).extract();
        as(workspace.adminKey()).get("/v1/sessions/" + id + "/events?limit=2&cursor=" + page.path("next_cursor"))
                .then().body("data.id", equalTo(ordered.subList(2, 4)));
        as(workspace.adminKey()).get("/v1/sessions/" + id + "/events?order=desc&limit=2")
                .then().body("data.id", equalTo(List.of(ordered.get(4), ordered.get(3))));
        as(workspace.adminKey()).get("/v1/sessions/" + id + "/events?type=submit").then().body("data.id", equalTo(List.of(ids.get(4))));
        as(workspace.adminKey()).get("/v1/sessions/" + id + "/events?t_ms.gte=200&t_ms.lte=300")
                .then().body("data.id", equalTo(List.of(ids.get(2), ids.get(0))));

        as(workspace.adminKey()).get("/v1/sessions/" + id + "/events?limit=1001").then().statusCode(400).body("error.param", equalTo("limit"));
        as(workspace.adminKey()).get("/v1/sessions/" + id + "/events?order=up").then().statusCode(400).body("error.param", equalTo("order"));
        as(workspace.adminKey()).get("/v1/sessions/" + id + "/events?type=hover").then().statusCode(400).body("error.param", equalTo("type"));
        as(workspace.adminKey()).get("/v1/sessions/" + id + "/events?t_ms.gte=x").then().statusCode(400).body("error.param", equalTo("t_ms.gte"));
    }

    @Test
    void filtersByFrameAndConfidenceAndIncludesFrames() {
        var workspace = Api.newWorkspace("events-filters");
        var recording = recordingSessionWithFrames(workspace);
        String id = recording.id();
        List<String> ids = as(workspace.adminKey()).body(map("events", List.of(click(100), click(1100), click(1200))))
                .post("/v1/sessions/" + id + "/events").then().statusCode(201).extract().path("data.id");
        Catalog.update("INSERT INTO catalog.events (id, session_id, workspace_id, frame_id, t_ms, type, payload, confidence, "
                + "source, created_at) VALUES (?, ?, ?, ?, 1300, 'click', '{\"x\":1,\"y\":1}'::jsonb, 0.8, 'vision', now())",
                IdPrefix.EVENT.newId(), id, workspace.id(), recording.frames().get(1));

        // the emit answers once Kafka acknowledged the events; they are listed once the pipeline stored them
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
                as(workspace.adminKey()).get("/v1/sessions/" + id + "/events?frame_id=" + recording.frames().get(1) + "&confidence.gte=0.99")
                        .then().statusCode(200).body("data.id", equalTo(List.of(ids.get(1), ids.get(2)))));
        as(workspace.adminKey()).get("/v1/sessions/" + id + "/events?confidence.gte=0.5&t_ms.gte=1000")
                .then().body("data.size()", equalTo(3));
        as(workspace.adminKey()).get("/v1/sessions/" + id + "/events?include=frame&limit=2").then().statusCode(200)
                .body("data[0].event.id", equalTo(ids.get(0)))
                .body("data[0].frame.id", equalTo(recording.frames().get(0)))
                .body("data[0].frame.t_ms", equalTo(0))
                .body("data[0].frame.image_url", containsString("frames/"))
                .body("data[1].frame.id", equalTo(recording.frames().get(1)))
                .body("has_more", equalTo(true));
        as(workspace.adminKey()).get("/v1/sessions/" + id + "/events?type=click,submit&order=desc&limit=1")
                .then().body("data[0].source", equalTo("vision"));
    }

    @Test
    void badFiltersAreInvalidFilterNamingTheParameter() {
        String base = "/v1/sessions/" + session + "/events?";
        invalidFilter(base + "type=hover", "type");
        invalidFilter(base + "type=click,,submit", "type");
        invalidFilter(base + "t_ms.gte=abc", "t_ms.gte");
        invalidFilter(base + "t_ms.lte=-1", "t_ms.lte");
        invalidFilter(base + "confidence.gte=1.5", "confidence.gte");
        invalidFilter(base + "confidence.gte=high", "confidence.gte");
        invalidFilter(base + "frame_id=nope", "frame_id");
        as(acme.adminKey()).get(base + "include=everything").then().statusCode(400)
                .body("error.code", equalTo("invalid_request")).body("error.param", equalTo("include"));
        as(acme.adminKey()).get(base + "limit=1001").then().statusCode(400).body("error.param", equalTo("limit"));
        as(acme.adminKey()).get(base + "limit=1000").then().statusCode(200);
    }

    private static void invalidFilter(String path, String param) {
        as(acme.adminKey()).get(path).then().statusCode(400)
                .body("error.code", equalTo("invalid_filter")).body("error.param", equalTo(param));
    }

    @Test
    void wrongTypesInAnEventNameTheirField() {
        rejected(map("type", "click", "t_ms", "10", "payload", map("x", 1, "y", 1)), "t_ms");
        rejected(map("type", 5, "t_ms", 1, "payload", map("x", 1, "y", 1)), "type");
        rejected(map("type", "click", "t_ms", 1, "payload", "x=1"), "payload");
        rejected(map("type", "click", "t_ms", 1, "payload", map("x", 1, "y", 1), "frame_id", "f1"), "frame_id");
        rejected(map("events", List.of(click(1), "click")), "events[1]");
        as(acme.adminKey()).body("[]").post("/v1/sessions/" + session + "/events").then().statusCode(400)
                .body("error.code", equalTo("invalid_request"));
    }
}
