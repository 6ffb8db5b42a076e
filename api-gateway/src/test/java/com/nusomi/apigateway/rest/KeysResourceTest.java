package com.nusomi.apigateway.rest;

import static com.nusomi.apigateway.support.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.nusomi.apigateway.support.Api;
import com.nusomi.apigateway.support.FakeCaptureIngest;
import com.nusomi.devstack.DevStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(DevStackResource.class)
@QuarkusTestResource(FakeCaptureIngest.class)
class KeysResourceTest {
    private static Api.Workspace workspace;

    /** RestAssured knows the test port only per test, hence not a static @BeforeAll. */
    @BeforeEach
    void workspace() {
        if (workspace != null) {
            return;
        }
        workspace = Api.newWorkspace("keys");
    }

    @Test
    void aNewKeyIsShownOnceWithWriteScopeByDefault() {
        var created = as(workspace.adminKey()).body(Map.of("name", "ci")).post("/v1/keys").then().statusCode(201)
                .body("id", startsWith("key_"))
                .body("name", equalTo("ci"))
                .body("scopes", equalTo(List.of("write")))
                .body("key", startsWith("nsk_local_"))
                .extract();
        String secret = created.path("key");
        String listing = as(workspace.adminKey()).get("/v1/keys").then().statusCode(200)
                .body("data.id", hasItem((String) created.path("id")))
                .body("data", everyItem(not(Matchers.hasKey("key"))))
                .extract().asString();
        assertFalse(listing.contains(secret), "a listing never shows a secret");
        as(secret).get("/v1/sessions").then().statusCode(200);
    }

    @Test
    void aRevokedKeyIsRefusedAtOnce() {
        var created = as(workspace.adminKey()).body(Map.of("name", "temp", "scopes", List.of("read"))).post("/v1/keys")
                .then().statusCode(201).extract();
        String secret = created.path("key");
        as(secret).get("/v1/sessions").then().statusCode(200);
        as(workspace.adminKey()).delete("/v1/keys/" + created.path("id")).then().statusCode(200)
                .body("revoked_at", Matchers.notNullValue());
        as(secret).get("/v1/sessions").then().statusCode(401).body("error.code", equalTo("invalid_api_key"));
        as(workspace.adminKey()).delete("/v1/keys/" + created.path("id")).then().statusCode(404)
                .body("error.code", equalTo("key_not_found"));
    }

    @Test
    void unknownOrForeignKeysAreNotFound() {
        as(workspace.adminKey()).delete("/v1/keys/key_01JD0000000000000000000000").then().statusCode(404)
                .body("error.code", equalTo("key_not_found"));
        as(workspace.adminKey()).delete("/v1/keys/nonsense").then().statusCode(404);
        var other = Api.newWorkspace("keys-other");
        String otherKeyId = as(other.adminKey()).get("/v1/keys").then().extract().path("data[0].id");
        as(workspace.adminKey()).delete("/v1/keys/" + otherKeyId).then().statusCode(404)
                .body("error.code", equalTo("key_not_found"));
        as(other.adminKey()).get("/v1/sessions").then().statusCode(200);
    }

    @Test
    void scopesAreValidated() {
        as(workspace.adminKey()).body(Map.of("name", "x", "scopes", List.of("read", "root"))).post("/v1/keys")
                .then().statusCode(400).body("error.param", equalTo("scopes[1]"));
        as(workspace.adminKey()).body(Map.of("name", "x", "scopes", List.of())).post("/v1/keys")
                .then().statusCode(400).body("error.param", equalTo("scopes"));
        as(workspace.adminKey()).body(Map.of("name", "x", "scopes", "admin")).post("/v1/keys")
                .then().statusCode(400).body("error.param", equalTo("scopes"));
        as(workspace.adminKey()).body(Map.of("scopes", List.of("read"))).post("/v1/keys")
                .then().statusCode(400).body("error.param", equalTo("name"));
    }
}
