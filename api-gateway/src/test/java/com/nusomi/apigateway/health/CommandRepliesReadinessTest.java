package com.nusomi.apigateway.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

import com.nusomi.apigateway.support.FakeCaptureIngest;
import com.nusomi.devstack.DevStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(DevStackResource.class)
@QuarkusTestResource(FakeCaptureIngest.class)
class CommandRepliesReadinessTest {

    @Test
    void readinessIncludesTheReplyConsumerTheDatabaseAndTheRegistry() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("session-command-replies", "schema-registry", "object-store"))
                .body("checks.name", hasItem(containsString("PostgreSQL")))
                .body("checks.find { it.name == 'session-command-replies' }.status", equalTo("UP"));
    }
}
