package com.nusomi.apigateway.rest;

import static com.nusomi.apigateway.support.Api.as;
import static com.nusomi.apigateway.support.Api.map;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nusomi.apigateway.service.MaskingRuleService;
import com.nusomi.apigateway.support.Api;
import com.nusomi.apigateway.support.FakeCaptureIngest;
import com.nusomi.apigateway.support.Kafka;
import com.nusomi.contracts.Topic;
import com.nusomi.contracts.avro.MaskingRuleSet;
import com.nusomi.contracts.avro.MaskingRuleSpec;
import com.nusomi.devstack.DevStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(DevStackResource.class)
@QuarkusTestResource(FakeCaptureIngest.class)
class MaskingRulesResourceTest {
    @Inject
    MaskingRuleService service;

    @Test
    void aWorkspaceStartsWithEveryDetectorAndPasswordAlwaysOn() {
        var workspace = Api.newWorkspace("masking-default");
        as(workspace.adminKey()).get("/v1/masking-rules").then().statusCode(200)
                .body("rules.kind", equalTo(List.of("credit_card", "email", "ssn")))
                .body("always_on", equalTo(List.of("password")))
                .body("updated_at", nullValue());
    }

    @Test
    void theRuleSetIsReplacedAndReadBack() {
        var workspace = Api.newWorkspace("masking-put");
        as(workspace.adminKey()).body(map("rules", List.of(map("kind", "email"), map("kind", "regex", "pattern", "INV-\\d{6}"))))
                .put("/v1/masking-rules").then().statusCode(200)
                .body("rules.kind", equalTo(List.of("email", "regex")))
                .body("rules[1].pattern", equalTo("INV-\\d{6}"))
                .body("always_on", equalTo(List.of("password")))
                .body("updated_at", notNullValue());
        as(workspace.adminKey()).get("/v1/masking-rules").then().statusCode(200)
                .body("rules.kind", equalTo(List.of("email", "regex")))
                .body("rules[1].pattern", equalTo("INV-\\d{6}"));
        as(workspace.adminKey()).body(map("rules", List.of())).put("/v1/masking-rules").then().statusCode(200)
                .body("rules.size()", equalTo(0)).body("always_on", equalTo(List.of("password")));
        as(Api.newWorkspace("masking-other").adminKey()).get("/v1/masking-rules").then()
                .body("rules.kind", equalTo(List.of("credit_card", "email", "ssn")));
    }

    @Test
    void aReplacedRuleSetIsPublishedWholeForCaptureIngest() {
        var workspace = Api.newWorkspace("masking-publish");
        try (var tail = Kafka.fromEnd(Topic.MASKING_RULES.topicName(), Kafka.avroDeserializer())) {
            as(workspace.adminKey()).body(map("rules", List.of(map("kind", "credit_card"), map("kind", "regex", "pattern", "PO-\\d+"))))
                    .put("/v1/masking-rules").then().statusCode(200);
            var record = tail.awaitRecord(r -> workspace.id().equals(r.key()));
            MaskingRuleSet set = (MaskingRuleSet) record.value();
            assertEquals(workspace.id(), set.getWorkspaceId());
            assertEquals(List.of(new MaskingRuleSpec("credit_card", null), new MaskingRuleSpec("regex", "PO-\\d+")), set.getRules());
        }
    }

    @Test
    void everyStoredRuleSetIsPublishedAgainAsStoredWhenTheGatewayStarts() {
        // what the startup republish does: the table is the truth when a PUT's publish never happened
        var workspace = Api.newWorkspace("masking-republish");
        as(workspace.adminKey()).body(map("rules", List.of(map("kind", "ssn"), map("kind", "regex", "pattern", "ACC-\\d+"))))
                .put("/v1/masking-rules").then().statusCode(200);
        String updatedAt = as(workspace.adminKey()).get("/v1/masking-rules").then().extract().path("updated_at");
        try (var tail = Kafka.fromEnd(Topic.MASKING_RULES.topicName(), Kafka.avroDeserializer())) {
            int published = service.republishAll().await().atMost(Duration.ofSeconds(30));
            var record = tail.awaitRecord(r -> workspace.id().equals(r.key()));
            MaskingRuleSet set = (MaskingRuleSet) record.value();
            assertEquals(List.of(new MaskingRuleSpec("ssn", null), new MaskingRuleSpec("regex", "ACC-\\d+")), set.getRules());
            assertEquals(Instant.parse(updatedAt), set.getUpdatedAt(), "the stored time, so capture-ingest keeps the newest");
            assertTrue(published >= 1, "at least this workspace's set: " + published);
        }
    }

    @Test
    void badRulesNameTheirField() {
        var workspace = Api.newWorkspace("masking-bad");
        rejected(workspace, map("rules", List.of(map("kind", "email"), map("kind", "password"))), "rules[1].kind");
        rejected(workspace, map("rules", List.of(map("pattern", "x"))), "rules[0].kind");
        rejected(workspace, map("rules", List.of(map("kind", "regex"))), "rules[0].pattern");
        rejected(workspace, map("rules", List.of(map("kind", "regex", "pattern", "(unclosed"))), "rules[0].pattern");
        rejected(workspace, map("rules", "email"), "rules");
        rejected(workspace, Map.of(), "rules");
        as(workspace.adminKey()).get("/v1/masking-rules").then().body("updated_at", nullValue());
    }

    @Test
    void onlyAdminKeysReadOrChangeTheRules() {
        var workspace = Api.newWorkspace("masking-scope");
        String write = Api.newKey(workspace, "write");
        as(write).get("/v1/masking-rules").then().statusCode(403).body("error.code", equalTo("insufficient_scope"));
        as(write).body(map("rules", List.of())).put("/v1/masking-rules").then().statusCode(403)
                .body("error.code", equalTo("insufficient_scope"));
    }

    private static void rejected(Api.Workspace workspace, Map<String, ?> body, String param) {
        as(workspace.adminKey()).body(body).put("/v1/masking-rules").then().statusCode(400)
                .body("error.code", equalTo("invalid_request")).body("error.param", equalTo(param));
    }
}
