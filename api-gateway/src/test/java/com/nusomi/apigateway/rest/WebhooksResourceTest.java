package com.nusomi.apigateway.rest;

import static com.nusomi.apigateway.support.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nusomi.apigateway.support.Api;
import com.nusomi.apigateway.support.Catalog;
import com.nusomi.apigateway.support.FakeCaptureIngest;
import com.nusomi.devstack.DevStackResource;
import com.nusomi.apigateway.support.WebhookDeliveryTables;
import com.nusomi.contracts.IdPrefix;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(DevStackResource.class)
@QuarkusTestResource(FakeCaptureIngest.class)
class WebhooksResourceTest {
    /** A public address literal (TEST-NET-3): no DNS needed, not an internal target. */
    private static final String URL = "https://203.0.113.10/nusomi/hooks";
    private static Api.Workspace workspace;

    @BeforeEach
    void workspace() {
        if (workspace != null) {
            return;
        }
        workspace = Api.newWorkspace("webhooks");
        WebhookDeliveryTables.ensure();
    }

    private static Map<String, Object> webhook(Object events) {
        return Map.of("url", URL, "events", events, "description", "training pipeline");
    }

    @Test
    void aNewWebhookShowsItsSecretOnceAndIsListed() throws Exception {
        var created = as(workspace.adminKey()).body(webhook(List.of("export.completed", "session.sealed")))
                .post("/v1/webhooks").then().statusCode(201)
                .body("id", startsWith("whk_"))
                .body("url", equalTo(URL))
                .body("events", equalTo(List.of("export.completed", "session.sealed")))
                .body("description", equalTo("training pipeline"))
                .body("secret", startsWith("whsec_"))
                .body("created_at", notNullValue())
                .extract();
        String id = created.path("id");
        String secret = created.path("secret");

        as(workspace.adminKey()).get("/v1/webhooks/" + id).then().statusCode(200)
                .body("id", equalTo(id)).body("events", hasItem("session.sealed"))
                .body("$", not(Matchers.hasKey("secret")));
        String listing = as(workspace.adminKey()).get("/v1/webhooks").then().statusCode(200)
                .body("data.id", hasItem(id))
                .body("data", everyItem(not(Matchers.hasKey("secret"))))
                .body("has_more", equalTo(false))
                .extract().asString();
        assertFalse(listing.contains(secret), "a listing never shows a secret");
        try (var c = Catalog.connect(); var s = c.prepareStatement("SELECT secret_sealed FROM gateway.webhooks WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                assertTrue(rs.next());
                assertFalse(rs.getString(1).contains(secret.substring("whsec_".length())), "stored encrypted");
            }
        }
    }

    @Test
    void listsPageNewestFirst() {
        var ws = Api.newWorkspace("webhooks-paging");
        String first = as(ws.adminKey()).body(webhook(List.of("session.created"))).post("/v1/webhooks").then()
                .statusCode(201).extract().path("id");
        String second = as(ws.adminKey()).body(webhook(List.of("session.created"))).post("/v1/webhooks").then()
                .statusCode(201).extract().path("id");
        String cursor = as(ws.adminKey()).get("/v1/webhooks?limit=1").then().statusCode(200)
                .body("data.id", equalTo(List.of(second))).body("has_more", equalTo(true))
                .extract().path("next_cursor");
        as(ws.adminKey()).queryParam("limit", 1).queryParam("cursor", cursor).get("/v1/webhooks").then().statusCode(200)
                .body("data.id", equalTo(List.of(first))).body("has_more", equalTo(false));
        as(ws.adminKey()).get("/v1/webhooks?limit=501").then().statusCode(400).body("error.param", equalTo("limit"));
    }

    @Test
    void requestsAreValidated() {
        as(workspace.adminKey()).body(Map.of("url", "ftp://203.0.113.10/x", "events", List.of("session.created")))
                .post("/v1/webhooks").then().statusCode(400)
                .body("error.code", equalTo("invalid_request")).body("error.param", equalTo("url"));
        as(workspace.adminKey()).body(Map.of("events", List.of("session.created"))).post("/v1/webhooks").then()
                .statusCode(400).body("error.param", equalTo("url"));
        as(workspace.adminKey()).body(webhook(List.of("session.created", "session.exploded"))).post("/v1/webhooks")
                .then().statusCode(400)
                .body("error.code", equalTo("invalid_request")).body("error.param", equalTo("events[1]"));
        as(workspace.adminKey()).body(webhook(List.of())).post("/v1/webhooks").then().statusCode(400)
                .body("error.param", equalTo("events"));
        as(workspace.adminKey()).body(webhook("session.created")).post("/v1/webhooks").then().statusCode(400)
                .body("error.param", equalTo("events"));
        as(workspace.adminKey()).body(Map.of("url", URL, "events", List.of("export.failed"), "description", "x".repeat(1001)))
                .post("/v1/webhooks").then().statusCode(400).body("error.param", equalTo("description"));
    }

    /** Tests run with the production default: internal targets are refused. */
    @Test
    void privateAndLoopbackTargetsAreRefused() {
        for (String url : List.of("http://127.0.0.1:8080/hook", "http://localhost/hook", "http://10.0.0.5/hook",
                "http://169.254.169.254/latest/meta-data", "http://[::1]/hook")) {
            as(workspace.adminKey()).body(Map.of("url", url, "events", List.of("export.completed"))).post("/v1/webhooks")
                    .then().statusCode(400)
                    .body("error.code", equalTo("invalid_request")).body("error.param", equalTo("url"));
        }
    }

    @Test
    void scopes() {
        String reader = Api.newKey(workspace, "read");
        as(reader).body(webhook(List.of("session.created"))).post("/v1/webhooks").then().statusCode(403)
                .body("error.code", equalTo("insufficient_scope"));
        as(reader).get("/v1/webhooks").then().statusCode(200);
        String id = as(Api.newKey(workspace, "write")).body(webhook(List.of("session.created"))).post("/v1/webhooks")
                .then().statusCode(201).extract().path("id");
        as(reader).delete("/v1/webhooks/" + id).then().statusCode(403);
        as(reader).get("/v1/webhooks/" + id).then().statusCode(200);
        as(reader).get("/v1/webhooks/" + id + "/deliveries").then().statusCode(200);
    }

    @Test
    void deleteRemovesAndAnotherWorkspaceSeesNothing() {
        String id = as(workspace.adminKey()).body(webhook(List.of("export.failed"))).post("/v1/webhooks").then()
                .statusCode(201).extract().path("id");
        var other = Api.newWorkspace("webhooks-other");
        as(other.adminKey()).get("/v1/webhooks/" + id).then().statusCode(404).body("error.code", equalTo("webhook_not_found"));
        as(other.adminKey()).delete("/v1/webhooks/" + id).then().statusCode(404).body("error.code", equalTo("webhook_not_found"));
        as(other.adminKey()).get("/v1/webhooks/" + id + "/deliveries").then().statusCode(404);
        as(other.adminKey()).get("/v1/webhooks").then().statusCode(200).body("data.id", not(hasItem(id)));

        as(workspace.adminKey()).delete("/v1/webhooks/" + id).then().statusCode(200).body("id", equalTo(id));
        as(workspace.adminKey()).get("/v1/webhooks/" + id).then().statusCode(404).body("error.code", equalTo("webhook_not_found"));
        as(workspace.adminKey()).delete("/v1/webhooks/" + id).then().statusCode(404);
        as(workspace.adminKey()).delete("/v1/webhooks/whk_01JD0000000000000000000000").then().statusCode(404)
                .body("error.code", equalTo("webhook_not_found"));
        as(workspace.adminKey()).delete("/v1/webhooks/nonsense").then().statusCode(404);
    }

    @Test
    void deliveriesAreListedWithAttemptsAndCanBeResent() {
        String id = as(workspace.adminKey()).body(webhook(List.of("export.completed"))).post("/v1/webhooks").then()
                .statusCode(201).extract().path("id");
        String failed = delivery(id, "failed", 8, 500);
        String succeeded = delivery(id, "succeeded", 1, 204);

        as(workspace.adminKey()).get("/v1/webhooks/" + id + "/deliveries").then().statusCode(200)
                .body("data.id", equalTo(List.of(succeeded, failed)))
                .body("data[1].status", equalTo("failed"))
                .body("data[1].event_type", equalTo("export.completed"))
                .body("data[1].attempt_count", equalTo(8))
                .body("data[1].last_response_code", equalTo(500))
                .body("data[1].next_attempt_at", nullValue())
                .body("data[1].attempts[0].attempt", equalTo(1))
                .body("data[1].attempts[0].response_code", equalTo(500))
                .body("data[0].status", equalTo("succeeded"));

        as(workspace.adminKey()).post("/v1/webhooks/" + id + "/deliveries/" + failed + "/retry").then().statusCode(202)
                .body("id", equalTo(failed))
                .body("status", equalTo("pending"))
                .body("next_attempt_at", notNullValue());
        as(workspace.adminKey()).post("/v1/webhooks/" + id + "/deliveries/" + succeeded + "/retry").then().statusCode(409)
                .body("error.code", equalTo("invalid_state"));
        as(workspace.adminKey()).post("/v1/webhooks/" + id + "/deliveries/dlv_01JD0000000000000000000000/retry").then()
                .statusCode(404).body("error.code", equalTo("webhook_not_found"));
        var other = Api.newWorkspace("webhooks-retry-other");
        as(other.adminKey()).post("/v1/webhooks/" + id + "/deliveries/" + failed + "/retry").then().statusCode(404);
    }

    /** A delivery as manifest-service records it, with one attempt. */
    private static String delivery(String webhookId, String status, int attempts, int code) {
        String eventId = IdPrefix.EVENT.newId();
        String id = IdPrefix.WEBHOOK_DELIVERY.newId();
        Timestamp now = Timestamp.from(Instant.now());
        Catalog.update("INSERT INTO manifest.webhook_events (id, source_key, workspace_id, type, body, created_at) "
                + "VALUES (?, ?, ?, 'export.completed', '{}', ?)", eventId, "test:" + eventId, workspace.id(), now);
        Catalog.update("INSERT INTO manifest.webhook_deliveries (id, webhook_id, workspace_id, event_id, event_type, status, "
                        + "attempt_count, last_response_code, created_at, updated_at) "
                        + "VALUES (?, ?, ?, ?, 'export.completed', ?, ?, ?, ?, ?)",
                id, webhookId, workspace.id(), eventId, status, attempts, code, now, now);
        Catalog.update("INSERT INTO manifest.webhook_attempts (delivery_id, attempt, started_at, response_code, duration_ms) "
                + "VALUES (?, 1, ?, ?, 12)", id, now, code);
        return id;
    }
}
