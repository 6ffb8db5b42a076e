package com.nusomi.apigateway.auth;

import static com.nusomi.apigateway.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

import com.nusomi.apigateway.support.Api;
import com.nusomi.apigateway.support.Catalog;
import com.nusomi.apigateway.support.FakeCaptureIngest;
import com.nusomi.devstack.DevStackResource;
import com.nusomi.contracts.IdPrefix;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(DevStackResource.class)
@QuarkusTestResource(FakeCaptureIngest.class)
class AuthFilterTest {
    private static final String REQUEST_ID = "^req_[0-9A-HJKMNP-TV-Z]{26}$";
    private static Api.Workspace workspace;

    /** RestAssured knows the test port only per test, hence not a static @BeforeAll. */
    @BeforeEach
    void workspace() {
        if (workspace != null) {
            return;
        }
        Catalog.ensureSchema();
        workspace = Api.newWorkspace("auth-filter");
    }

    @Test
    void aMissingAuthorizationHeaderIs401WithTheEnvelopeAndARequestId() {
        var answer = given().get("/v1/sessions").then().statusCode(401);
        assertEnvelope(answer, "missing_authorization");
    }

    @Test
    void aHeaderThatIsNotBearerIs401MissingAuthorization() {
        assertEnvelope(given().header("Authorization", "Basic dXNlcjpwdw==").get("/v1/sessions").then().statusCode(401),
                "missing_authorization");
    }

    @Test
    void anUnknownKeyIs401InvalidApiKey() {
        assertEnvelope(as("nsk_local_doesnotexist").get("/v1/sessions").then().statusCode(401), "invalid_api_key");
        assertEnvelope(as("nso_notTheOperatorKey000000").get("/v1/workspaces").then().statusCode(401), "invalid_api_key");
    }

    @Test
    void theOperatorKeyCannotReadWorkspaceData() {
        assertEnvelope(as(Api.operatorKey()).get("/v1/sessions").then().statusCode(403), "insufficient_scope");
        assertEnvelope(as(Api.operatorKey()).get("/v1/exports").then().statusCode(403), "insufficient_scope");
        assertEnvelope(as(Api.operatorKey()).get("/v1/keys").then().statusCode(403), "insufficient_scope");
    }

    @Test
    void aWorkspaceKeyCannotCallWorkspaces() {
        assertEnvelope(as(workspace.adminKey()).get("/v1/workspaces").then().statusCode(403), "insufficient_scope");
        assertEnvelope(as(workspace.adminKey()).body(Map.of("name", "x")).post("/v1/workspaces").then().statusCode(403),
                "insufficient_scope");
    }

    @Test
    void scopesAreEnforcedWithAdminImplyingWriteImplyingRead() {
        String read = Api.newKey(workspace, "read");
        String write = Api.newKey(workspace, "write");
        as(read).get("/v1/sessions").then().statusCode(200);
        assertEnvelope(as(read).body(Map.of("workflow", "wf_a", "actor", Map.of("kind", "human")))
                .post("/v1/sessions").then().statusCode(403), "insufficient_scope");
        as(write).get("/v1/sessions").then().statusCode(200);
        assertEnvelope(as(write).get("/v1/keys").then().statusCode(403), "insufficient_scope");
        as(workspace.adminKey()).get("/v1/sessions").then().statusCode(200);
    }

    @Test
    void everyAnswerCarriesARequestIdAndAValidIncomingOneIsKept() {
        as(workspace.adminKey()).get("/v1/sessions").then().statusCode(200).header("X-Request-Id", matchesPattern(REQUEST_ID));
        String mine = IdPrefix.REQUEST.newId();
        given().header("X-Request-Id", mine).get("/v1/sessions").then().statusCode(401)
                .header("X-Request-Id", equalTo(mine)).body("error.request_id", equalTo(mine));
        as(workspace.adminKey()).get("/v1/no-such-endpoint").then().statusCode(404)
                .header("X-Request-Id", matchesPattern(REQUEST_ID)).body("error.code", equalTo("invalid_request"));
    }

    static void assertEnvelope(ValidatableResponse answer, String code) {
        answer.header("X-Request-Id", matchesPattern(REQUEST_ID))
                .body("error.code", equalTo(code))
                .body("error.message", notNullValue())
                .body("error", hasKey("param"))
                .body("error.request_id", matchesPattern(REQUEST_ID));
    }
}
