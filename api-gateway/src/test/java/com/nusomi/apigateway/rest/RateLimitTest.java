package com.nusomi.apigateway.rest;

import static com.nusomi.apigateway.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nusomi.apigateway.support.Api;
import com.nusomi.apigateway.support.FakeCaptureIngest;
import com.nusomi.apigateway.support.FakeSealer;
import com.nusomi.devstack.DevStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SPEC §4 limits as a client meets them (the %test profile raises the per-key ones; per-workspace exports stay 30/min). */
@QuarkusTest
@QuarkusTestResource(DevStackResource.class)
@QuarkusTestResource(FakeCaptureIngest.class)
class RateLimitTest {
    private static Api.Workspace acme;

    @BeforeEach
    void setUp() {
        if (acme != null) {
            return;
        }
        FakeSealer.ensureRunning();
        acme = Api.newWorkspace("rate-limits");
    }

    private static void hasLimitHeaders(Response response) {
        for (String header : new String[] {RateLimitFilter.LIMIT, RateLimitFilter.REMAINING, RateLimitFilter.RESET}) {
            assertNotNull(response.header(header), header + " on " + response.statusCode() + " " + response.asString());
            assertTrue(Long.parseLong(response.header(header)) >= 0, header);
        }
    }

    @Test
    void everyAuthenticatedAnswerCarriesTheLimitHeaders() {
        Response list = as(acme.adminKey()).get("/v1/keys");
        assertEquals(200, list.statusCode());
        hasLimitHeaders(list);
        Response again = as(acme.adminKey()).get("/v1/keys");
        hasLimitHeaders(again);
        assertTrue(Long.parseLong(again.header(RateLimitFilter.REMAINING)) < Long.parseLong(again.header(RateLimitFilter.LIMIT)));

        Response created = as(acme.adminKey()).body(Map.of("workflow", "rl_wf", "actor", Map.of("kind", "human"))).post("/v1/sessions");
        assertEquals(201, created.statusCode());
        hasLimitHeaders(created);
        Response invalid = as(acme.adminKey()).body(Map.of("workflow", "Bad Slug")).post("/v1/sessions");
        assertEquals(400, invalid.statusCode());
        hasLimitHeaders(invalid);
        Response missing = as(acme.adminKey()).get("/v1/sessions/ses_01JD0000000000000000000000");
        assertEquals(404, missing.statusCode());
        hasLimitHeaders(missing);
        Response forbidden = as(Api.operatorKey()).get("/v1/sessions");
        assertEquals(403, forbidden.statusCode());
        Response workspaces = as(Api.operatorKey()).get("/v1/workspaces");
        assertEquals(200, workspaces.statusCode());
        hasLimitHeaders(workspaces);

        // not authenticated: nothing was counted, nothing to report
        Response anonymous = given().get("/v1/sessions");
        assertEquals(401, anonymous.statusCode());
        assertNull(anonymous.header(RateLimitFilter.LIMIT));
    }

    @Test
    void exportsPastTheWorkspaceBurstAre429WithRetryAfterWhileOthersGoOn() {
        String second = Api.newKey(acme, "write");
        // SPEC: 30/min per workspace, burst 2× = 60 tokens shared by every key of the workspace. Refused bodies count
        // too (the limit is checked before the body). Tokens only come back with time, so the first 60 cannot be refused.
        Response refused = null;
        int sent = 0;
        while (refused == null && sent < 120) {
            Response answer = as(sent % 2 == 0 ? acme.adminKey() : second).body("{}").post("/v1/exports");
            sent++;
            if (answer.statusCode() == 429) {
                refused = answer;
            } else {
                assertEquals(400, answer.statusCode(), answer.asString());
            }
        }
        assertNotNull(refused, "no 429 after " + sent + " exports");
        assertTrue(sent > 60, "refused after only " + sent);
        refused.then().body("error.code", equalTo("rate_limited")).body("error.request_id", equalTo(refused.header("X-Request-Id")));
        hasLimitHeaders(refused);
        assertEquals("60", refused.header(RateLimitFilter.LIMIT));
        assertEquals("0", refused.header(RateLimitFilter.REMAINING));
        assertTrue(Long.parseLong(refused.header(RateLimitFilter.RETRY_AFTER)) >= 1);

        // other classes of the same key, and other workspaces, are not affected
        as(acme.adminKey()).get("/v1/exports").then().statusCode(200);
        var globex = Api.newWorkspace("rate-limits-other");
        as(globex.adminKey()).body("{}").post("/v1/exports").then().statusCode(400);
    }
}
