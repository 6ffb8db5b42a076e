package com.nusomi.apigateway.rest;

import static com.nusomi.apigateway.support.Api.as;
import static com.nusomi.apigateway.support.Api.map;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.nusomi.apigateway.support.Api;
import com.nusomi.apigateway.support.Catalog;
import com.nusomi.apigateway.support.FakeCaptureIngest;
import com.nusomi.apigateway.support.FakeSealer;
import com.nusomi.devstack.DevStackResource;
import com.nusomi.contracts.IdPrefix;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(DevStackResource.class)
@QuarkusTestResource(FakeCaptureIngest.class)
class SessionsResourceTest {
    private static Api.Workspace acme;
    private static Api.Workspace globex;

    /** RestAssured knows the test port only per test, hence not a static @BeforeAll. */
    @BeforeEach
    void setUp() {
        if (acme != null) {
            return;
        }
        FakeSealer.ensureRunning();
        acme = Api.newWorkspace("sessions-acme");
        globex = Api.newWorkspace("sessions-globex");
    }

    static String create(Api.Workspace workspace, String workflow) {
        return as(workspace.adminKey()).body(map("workflow", workflow, "actor", map("kind", "human", "id", "u_1")))
                .post("/v1/sessions").then().statusCode(201).extract().path("id");
    }

    @Test
    void aCreatedSessionIsAnsweredByTheSealerWithEverySpecField() {
        var answer = as(acme.adminKey()).body(map("workflow", "process_invoice", "actor", map("kind", "model", "id", "gpt"),
                        "surface", "macos", "metadata", map("erp", "sap"), "tags", List.of(map("name", "batch", "data", map("n", 1))),
                        "unknown_field", "ignored"))
                .post("/v1/sessions").then().statusCode(201)
                .body("id", matchesPattern("^ses_[0-9A-Z]{26}$"))
                .body("workflow", equalTo("process_invoice"))
                .body("status", equalTo("created"))
                .body("actor.kind", equalTo("model"))
                .body("actor.id", equalTo("gpt"))
                .body("surface", equalTo("macos"))
                .body("metadata.erp", equalTo("sap"))
                .body("tags[0].name", equalTo("batch"))
                .body("tags[0].data.n", equalTo(1))
                .body("tags[0].t_ms", equalTo(0))
                .body("outcome", nullValue())
                .body("created_at", notNullValue())
                .body("started_at", nullValue())
                .body("stopped_at", nullValue())
                .body("sealed_at", nullValue())
                .body("duration_ms", nullValue())
                .body("frame_count", equalTo(0))
                .body("event_count", equalTo(0))
                .extract();
        var fields = Api.json(answer.response()).fieldNames();
        var names = new ArrayList<String>();
        fields.forEachRemaining(names::add);
        assertEquals(List.of("id", "workflow", "status", "actor", "surface", "metadata",
                "tags", "outcome", "created_at", "started_at", "stopped_at", "sealed_at", "duration_ms", "frame_count",
                "event_count"), names);

        String id = answer.path("id");
        as(acme.adminKey()).get("/v1/sessions/" + id).then().statusCode(200)
                .body("id", equalTo(id)).body("surface", equalTo("macos")).body("tags[0].data.n", equalTo(1));
    }

    @Test
    void createIsValidatedWithTheFieldAtFault() {
        rejected(map("actor", map("kind", "human")), "invalid_workflow_slug", "workflow");
        rejected(map("workflow", "Process-Invoice", "actor", map("kind", "human")), "invalid_workflow_slug", "workflow");
        rejected(map("workflow", 42, "actor", map("kind", "human")), "invalid_workflow_slug", "workflow");
        rejected(map("workflow", "wf_ok"), "invalid_request", "actor");
        rejected(map("workflow", "wf_ok", "actor", "human"), "invalid_request", "actor");
        rejected(map("workflow", "wf_ok", "actor", map("kind", "robot")), "invalid_request", "actor.kind");
        rejected(map("workflow", "wf_ok", "actor", map("kind", "human", "id", 7)), "invalid_request", "actor.id");
        rejected(map("workflow", "wf_ok", "actor", map("kind", "human"), "surface", "ios"), "invalid_request", "surface");
        rejected(map("workflow", "wf_ok", "actor", map("kind", "human"), "metadata", List.of(1)), "invalid_metadata", "metadata");
        rejected(map("workflow", "wf_ok", "actor", map("kind", "human"), "metadata", map("blob", "x".repeat(17_000))),
                "invalid_metadata", "metadata");
        rejected(map("workflow", "wf_ok", "actor", map("kind", "human"), "tags", "t"), "invalid_request", "tags");
        rejected(map("workflow", "wf_ok", "actor", map("kind", "human"), "tags", List.of(map("data", 1))),
                "invalid_request", "tags[0].name");
        as(acme.adminKey()).body("[1,2]").post("/v1/sessions").then().statusCode(400)
                .body("error.code", equalTo("invalid_request"));
    }

    private static void rejected(Map<String, Object> body, String code, String param) {
        as(acme.adminKey()).body(body).post("/v1/sessions").then().statusCode(400)
                .body("error.code", equalTo(code)).body("error.param", equalTo(param));
    }

    @Test
    void startAndStopGoThroughTheSealerWithItsErrors() {
        String id = create(acme, "lifecycle");
        as(acme.adminKey()).post("/v1/sessions/" + id + "/start").then().statusCode(200)
                .body("status", equalTo("recording")).body("started_at", notNullValue());
        as(acme.adminKey()).post("/v1/sessions/" + id + "/start").then().statusCode(409)
                .body("error.code", equalTo("invalid_state"));
        as(acme.adminKey()).post("/v1/sessions/" + id + "/stop").then().statusCode(422)
                .body("error.code", equalTo("session_empty"));
        Catalog.insertFrame(IdPrefix.FRAME.newId(), id, acme.id(), 0);
        as(acme.adminKey()).post("/v1/sessions/" + id + "/stop").then().statusCode(200)
                .body("status", equalTo("stopped")).body("stopped_at", notNullValue());
        as(acme.adminKey()).get("/v1/sessions/" + id).then().statusCode(200).body("status", equalTo("stopped"));
    }

    @Test
    void anotherWorkspacesSessionDoesNotExist() {
        String id = create(acme, "private_wf");
        as(globex.adminKey()).get("/v1/sessions/" + id).then().statusCode(404)
                .body("error.code", equalTo("session_not_found"));
        as(globex.adminKey()).post("/v1/sessions/" + id + "/start").then().statusCode(404)
                .body("error.code", equalTo("session_not_found"));
        as(globex.adminKey()).get("/v1/sessions?workflow=private_wf").then().statusCode(200)
                .body("data.size()", equalTo(0));
        as(acme.adminKey()).get("/v1/sessions/ses_nonsense").then().statusCode(404);
        as(acme.adminKey()).post("/v1/sessions/" + IdPrefix.SESSION.newId() + "/stop").then().statusCode(404)
                .body("error.code", equalTo("session_not_found"));
    }

    @Test
    void theListIsNewestFirstWithFiltersAndCursor() {
        var workspace = Api.newWorkspace("sessions-list");
        String first = create(workspace, "listing");
        String second = create(workspace, "listing");
        String third = create(workspace, "other_listing");
        as(workspace.adminKey()).post("/v1/sessions/" + second + "/start").then().statusCode(200);

        as(workspace.adminKey()).get("/v1/sessions").then().statusCode(200)
                .body("data.id", equalTo(List.of(third, second, first)))
                .body("has_more", equalTo(false)).body("next_cursor", nullValue());
        var page = as(workspace.adminKey()).get("/v1/sessions?limit=2").then().statusCode(200)
                .body("data.id", equalTo(List.of(third, second))).body("has_more", equalTo(true)).extract();
        as(workspace.adminKey()).get("/v1/sessions?limit=2&cursor=" + page.path("next_cursor")).then().statusCode(200)
                .body("data.id", equalTo(List.of(first))).body("has_more", equalTo(false));
        as(workspace.adminKey()).get("/v1/sessions?workflow=listing").then().body("data.id", equalTo(List.of(second, first)));
        as(workspace.adminKey()).get("/v1/sessions?status=recording").then().body("data.id", equalTo(List.of(second)));
        as(workspace.adminKey()).get("/v1/sessions?actor.kind=human&outcome=success").then().body("data.size()", equalTo(0));

        as(workspace.adminKey()).get("/v1/sessions?limit=0").then().statusCode(400).body("error.param", equalTo("limit"));
        as(workspace.adminKey()).get("/v1/sessions?limit=abc").then().statusCode(400).body("error.param", equalTo("limit"));
        as(workspace.adminKey()).get("/v1/sessions?status=flying").then().statusCode(400).body("error.param", equalTo("status"));
    }

    @Test
    void deleteAnswersWithTheLastStateAndTheSessionIsGone() {
        String id = create(acme, "to_delete");
        as(acme.adminKey()).delete("/v1/sessions/" + id).then().statusCode(200).body("status", equalTo("deleted"));
        as(acme.adminKey()).get("/v1/sessions/" + id).then().statusCode(404);
    }

    @Test
    void aCommandTheSealerNeverAnswersTimesOutWithAClearError() {
        as(acme.adminKey()).body(map("workflow", FakeSealer.SILENT_WORKFLOW, "actor", map("kind", "script")))
                .post("/v1/sessions").then().statusCode(500)
                .body("error.code", equalTo("internal_error"))
                .body("error.message", containsString("did not answer"));
    }

    @Test
    void aTagIsAddedThroughTheSealerWithItsDataAndPlace() {
        String id = create(acme, "tagging");
        as(acme.adminKey()).body(map("name", "reviewed", "data", map("by", "ann"), "t_ms", 1200))
                .post("/v1/sessions/" + id + "/tags").then().statusCode(201)
                .body("id", equalTo(id))
                .body("tags[-1].name", equalTo("reviewed"))
                .body("tags[-1].data.by", equalTo("ann"))
                .body("tags[-1].t_ms", equalTo(1200));
        as(acme.adminKey()).body(map("name", "second")).post("/v1/sessions/" + id + "/tags").then().statusCode(201)
                .body("tags.name", equalTo(List.of("reviewed", "second")));
        as(acme.adminKey()).get("/v1/sessions/" + id).then().body("tags.name", equalTo(List.of("reviewed", "second")));

        as(acme.adminKey()).body(map("data", 1)).post("/v1/sessions/" + id + "/tags").then().statusCode(400)
                .body("error.code", equalTo("invalid_request")).body("error.param", equalTo("name"));
        as(acme.adminKey()).body(map("name", "x", "t_ms", -5)).post("/v1/sessions/" + id + "/tags").then().statusCode(400)
                .body("error.param", equalTo("t_ms"));
        as(acme.adminKey()).body(map("name", "x", "t_ms", "soon")).post("/v1/sessions/" + id + "/tags").then().statusCode(400)
                .body("error.param", equalTo("t_ms"));
        as(acme.adminKey()).body(map("name", List.of("x"))).post("/v1/sessions/" + id + "/tags").then().statusCode(400)
                .body("error.param", equalTo("name"));
        as(globex.adminKey()).body(map("name", "intruder")).post("/v1/sessions/" + id + "/tags").then().statusCode(404)
                .body("error.code", equalTo("session_not_found"));
        as(acme.adminKey()).get("/v1/sessions/" + id).then().body("tags.name", equalTo(List.of("reviewed", "second")));
    }

    @Test
    void theListFiltersByTagAndCreationTime() {
        var workspace = Api.newWorkspace("sessions-tags");
        String tagged = create(workspace, "filtering");
        String plain = create(workspace, "filtering");
        as(workspace.adminKey()).body(map("name", "golden")).post("/v1/sessions/" + tagged + "/tags").then().statusCode(201);
        as(workspace.adminKey()).get("/v1/sessions?tag=golden").then().statusCode(200).body("data.id", equalTo(List.of(tagged)));
        as(workspace.adminKey()).get("/v1/sessions?tag=nothing").then().body("data.size()", equalTo(0));

        String createdAt = as(workspace.adminKey()).get("/v1/sessions/" + plain).then().extract().path("created_at");
        as(workspace.adminKey()).get("/v1/sessions?since=" + createdAt).then().body("data.id", equalTo(List.of(plain)));
        as(workspace.adminKey()).get("/v1/sessions?until=" + createdAt).then().body("data.id", equalTo(List.of(tagged)));
        as(workspace.adminKey()).get("/v1/sessions?since=2000-01-01&until=2000-01-02").then().body("data.size()", equalTo(0));

        as(workspace.adminKey()).get("/v1/sessions?since=yesterday").then().statusCode(400)
                .body("error.code", equalTo("invalid_filter")).body("error.param", equalTo("since"));
        as(workspace.adminKey()).get("/v1/sessions?since=2026-12-02&until=2026-12-01").then().statusCode(400)
                .body("error.code", equalTo("invalid_filter"));
        as(workspace.adminKey()).get("/v1/sessions?outcome=great").then().statusCode(400)
                .body("error.code", equalTo("invalid_filter")).body("error.param", equalTo("outcome"));
        as(workspace.adminKey()).get("/v1/sessions?actor.kind=alien").then().statusCode(400)
                .body("error.code", equalTo("invalid_filter")).body("error.param", equalTo("actor.kind"));
        as(workspace.adminKey()).get("/v1/sessions?workflow=Bad-Slug").then().statusCode(400)
                .body("error.code", equalTo("invalid_workflow_slug")).body("error.param", equalTo("workflow"));
    }

    @Test
    void bodiesThatCannotBeBoundNameTheirField() {
        as(acme.adminKey()).body("{\"workflow\": \"wf_ok\", \"actor\": {\"kind\": \"human\"}, \"surface\": 3}")
                .post("/v1/sessions").then().statusCode(400).body("error.param", equalTo("surface"));
        as(acme.adminKey()).body("{\"workflow\": \"wf_ok\", \"actor\": {\"kind\": \"human\"}, \"tags\": [\"t\"]}")
                .post("/v1/sessions").then().statusCode(400).body("error.param", equalTo("tags[0]"));
        as(acme.adminKey()).body("{\"workflow\": \"wf_ok\",").post("/v1/sessions").then().statusCode(400)
                .body("error.code", equalTo("invalid_request")).body("error.param", nullValue());
        as(acme.adminKey()).post("/v1/sessions").then().statusCode(400)
                .body("error.code", equalTo("invalid_request")).body("error.message", containsString("body"));
    }
}
