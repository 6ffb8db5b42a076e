package com.nusomi.apigateway.rest;

import static com.nusomi.apigateway.support.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;

import com.nusomi.apigateway.support.Api;
import com.nusomi.apigateway.support.FakeCaptureIngest;
import com.nusomi.devstack.DevStackResource;
import com.nusomi.contracts.IdPrefix;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(DevStackResource.class)
@QuarkusTestResource(FakeCaptureIngest.class)
class WorkspacesResourceTest {

    @Test
    void theOperatorCreatesAWorkspaceWithItsAdminKeyShownOnce() {
        var created = as(Api.operatorKey()).body(Map.of("name", "acme")).post("/v1/workspaces").then().statusCode(201)
                .body("id", matchesPattern("^wsp_[0-9A-Z]{26}$"))
                .body("name", equalTo("acme"))
                .body("admin_key", startsWith("nsk_local_"))
                .body("created_at", matchesPattern("^\\d{4}-\\d\\d-\\d\\dT.*Z$"))
                .extract();
        String id = created.path("id");
        String adminKey = created.path("admin_key");

        // the admin key works at once, with the admin scope
        as(adminKey).get("/v1/keys").then().statusCode(200).body("data[0].scopes", equalTo(java.util.List.of("admin")));
        as(Api.operatorKey()).get("/v1/workspaces?limit=500").then().statusCode(200)
                .body("data.id", hasItem(id))
                .body("has_more", equalTo(false));
    }

    @Test
    void theListPagesWithAnOpaqueCursor() {
        Api.newWorkspace("page-a");
        Api.newWorkspace("page-b");
        var first = as(Api.operatorKey()).get("/v1/workspaces?limit=1").then().statusCode(200)
                .body("data.size()", equalTo(1)).body("has_more", equalTo(true)).extract();
        String cursor = first.path("next_cursor");
        as(Api.operatorKey()).get("/v1/workspaces?limit=1&cursor=" + cursor).then().statusCode(200)
                .body("data.size()", equalTo(1));
        as(Api.operatorKey()).get("/v1/workspaces?cursor=garbage").then().statusCode(400)
                .body("error.code", equalTo("invalid_request")).body("error.param", equalTo("cursor"));
        as(Api.operatorKey()).get("/v1/workspaces?limit=501").then().statusCode(400)
                .body("error.param", equalTo("limit"));
    }

    @Test
    void aNameIsRequired() {
        as(Api.operatorKey()).body(Map.of()).post("/v1/workspaces").then().statusCode(400)
                .body("error.code", equalTo("invalid_request")).body("error.param", equalTo("name"));
        as(Api.operatorKey()).body(Map.of("name", 42)).post("/v1/workspaces").then().statusCode(400)
                .body("error.param", equalTo("name"));
        as(Api.operatorKey()).body("{not json").post("/v1/workspaces").then().statusCode(400)
                .body("error.code", equalTo("invalid_request"));
    }

    @Test
    void aDisabledWorkspacesKeysAreRefusedUntilItIsEnabledAgain() {
        var workspace = Api.newWorkspace("to-disable");
        String reader = Api.newKey(workspace, "read");
        as(Api.operatorKey()).post("/v1/workspaces/" + workspace.id() + "/disable").then().statusCode(200)
                .body("id", equalTo(workspace.id())).body("disabled_at", notNullValue());
        as(reader).get("/v1/sessions").then().statusCode(403).body("error.code", equalTo("workspace_disabled"));
        as(workspace.adminKey()).get("/v1/keys").then().statusCode(403).body("error.code", equalTo("workspace_disabled"));
        as(Api.operatorKey()).get("/v1/workspaces?limit=500").then()
                .body("data.find { it.id == '" + workspace.id() + "' }.disabled_at", notNullValue());

        as(Api.operatorKey()).post("/v1/workspaces/" + workspace.id() + "/enable").then().statusCode(200)
                .body("disabled_at", nullValue());
        as(reader).get("/v1/sessions").then().statusCode(200);

        as(Api.operatorKey()).post("/v1/workspaces/" + IdPrefix.WORKSPACE.newId() + "/disable").then().statusCode(404)
                .body("error.code", equalTo("workspace_not_found"));
        as(workspace.adminKey()).post("/v1/workspaces/" + workspace.id() + "/disable").then().statusCode(403)
                .body("error.code", equalTo("insufficient_scope"));
    }
}
