package com.nusomi.apigateway.rest;

import static com.nusomi.apigateway.support.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import com.nusomi.apigateway.support.Api;
import com.nusomi.apigateway.support.FakeCaptureIngest;
import com.nusomi.apigateway.support.FakeSealer;
import com.nusomi.devstack.DevStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(DevStackResource.class)
@QuarkusTestResource(FakeCaptureIngest.class)
class WorkflowsResourceTest {

    @BeforeEach
    void setUp() {
        FakeSealer.ensureRunning();
    }

    @Test
    void workflowsAreListedBySlugWithTheirSessionCounts() {
        var workspace = Api.newWorkspace("workflows");
        SessionsResourceTest.create(workspace, "process_invoice");
        SessionsResourceTest.create(workspace, "process_invoice");
        String last = SessionsResourceTest.create(workspace, "approve_po");
        String lastCreatedAt = as(workspace.adminKey()).get("/v1/sessions/" + last).then().extract().path("created_at");
        SessionsResourceTest.create(Api.newWorkspace("workflows-other"), "secret_flow");

        as(workspace.adminKey()).get("/v1/workflows").then().statusCode(200)
                .body("data.slug", equalTo(List.of("approve_po", "process_invoice")))
                .body("data.session_count", equalTo(List.of(1, 2)))
                .body("data[0].last_session_at", equalTo(lastCreatedAt))
                .body("data[1].last_session_at", notNullValue())
                .body("has_more", equalTo(false));
        var page = as(workspace.adminKey()).get("/v1/workflows?limit=1").then()
                .body("data.slug", equalTo(List.of("approve_po"))).body("has_more", equalTo(true)).extract();
        as(workspace.adminKey()).get("/v1/workflows?limit=1&cursor=" + page.path("next_cursor")).then()
                .body("data.slug", equalTo(List.of("process_invoice")));
        String read = Api.newKey(workspace, "read");
        as(read).get("/v1/workflows").then().statusCode(200).body("data.size()", equalTo(2));
    }
}
