package com.nusomi.apigateway.openapi;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.nusomi.apigateway.mapping.Json;
import com.nusomi.apigateway.support.FakeCaptureIngest;
import com.nusomi.devstack.DevStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The served OpenAPI document (/q/openapi) is the published one (docs/openapi.yaml) and covers SPEC §4.
 * On drift the test rewrites docs/openapi.yaml from the served document and fails: review the diff and commit it.
 */
@QuarkusTest
@QuarkusTestResource(DevStackResource.class)
@QuarkusTestResource(FakeCaptureIngest.class)
class OpenApiDocumentTest {
    /** docs/ of the repository, from the module directory Maven runs tests in. */
    static final Path PUBLISHED = Path.of("..", "docs", "openapi.yaml");

    /** Every endpoint SPEC §4 lists (path parameters written {}), as a client following it would call them. */
    static final Set<String> SPEC_ENDPOINTS = Set.of(
            "POST /v1/sessions", "GET /v1/sessions/{}", "GET /v1/sessions", "POST /v1/sessions/{}/start",
            "POST /v1/sessions/{}/stop", "POST /v1/sessions/{}/tags", "DELETE /v1/sessions/{}",
            "POST /v1/sessions/{}/frames", "GET /v1/sessions/{}/frames", "GET /v1/frames/{}", "GET /v1/frames/{}/image",
            "GET /v1/sessions/{}/events", "POST /v1/sessions/{}/events", "GET /v1/sessions/{}/events/stream",
            "GET /v1/workflows/{}/events/stream",
            "POST /v1/exports", "GET /v1/exports/{}", "GET /v1/exports", "GET /v1/exports/{}/stream",
            "POST /v1/webhooks", "GET /v1/webhooks", "DELETE /v1/webhooks/{}",
            "GET /v1/webhooks/{}/deliveries", "POST /v1/webhooks/{}/deliveries/{}/retry",
            "POST /v1/keys", "GET /v1/keys", "DELETE /v1/keys/{}",
            "GET /v1/masking-rules", "PUT /v1/masking-rules",
            "GET /v1/workflows",
            "POST /v1/workspaces", "GET /v1/workspaces");

    /**
     * SPEC §4 endpoints this branch does not serve yet (built in parallel elsewhere). The test fails as soon as one of
     * them appears in the document: then remove it from here, so this set only ever shrinks to empty.
     */
    static final Set<String> NOT_YET_BUILT = Set.of();

    /**
     * Endpoints beyond SPEC §4, each a decision written in docs/decisions.md: reading one webhook endpoint back, and
     * the operator's switch behind {@code workspace_disabled}.
     */
    static final Set<String> BEYOND_SPEC = Set.of(
            "GET /v1/webhooks/{}", "POST /v1/workspaces/{}/disable", "POST /v1/workspaces/{}/enable");

    @Test
    void thePublishedDocumentIsTheServedOne() throws IOException {
        String served = given().accept("application/yaml").get("/q/openapi").then().statusCode(200).extract().asString();
        String published = Files.exists(PUBLISHED) ? Files.readString(PUBLISHED, StandardCharsets.UTF_8) : "";
        if (!normalized(served).equals(normalized(published))) {
            Files.writeString(PUBLISHED, normalized(served), StandardCharsets.UTF_8);
            fail("docs/openapi.yaml differed from the document served at /q/openapi; it has been rewritten from it: "
                    + "review the diff and commit it");
        }
    }

    @Test
    void everySpecEndpointIsDocumentedExceptTheNamedNotYetBuiltOnes() {
        Set<String> documented = documented(document());
        assertTrue(SPEC_ENDPOINTS.containsAll(NOT_YET_BUILT), "NOT_YET_BUILT names only SPEC endpoints");

        Set<String> missing = new TreeSet<>(SPEC_ENDPOINTS);
        missing.removeAll(documented);
        missing.removeAll(NOT_YET_BUILT);
        assertEquals(Set.of(), missing, "SPEC §4 endpoints missing from the OpenAPI document");

        Set<String> builtNow = new TreeSet<>(NOT_YET_BUILT);
        builtNow.retainAll(documented);
        assertEquals(Set.of(), builtNow, "these are built now: remove them from NOT_YET_BUILT");

        Set<String> extra = new TreeSet<>(documented);
        extra.removeAll(SPEC_ENDPOINTS);
        extra.removeAll(BEYOND_SPEC);
        assertEquals(Set.of(), extra, "endpoints SPEC §4 does not name");
    }

    @Test
    void theDocumentStatesTheSpecConventions() {
        JsonNode doc = document();
        assertTrue(doc.path("openapi").asText().startsWith("3.1"), "OpenAPI 3.1, got " + doc.path("openapi"));
        JsonNode scheme = doc.at("/components/securitySchemes/" + OpenApiContract.BEARER);
        assertEquals("http", scheme.path("type").asText());
        assertEquals("bearer", scheme.path("scheme").asText());
        assertEquals(List.of(OpenApiContract.BEARER), names(doc.path("security").get(0)));
        JsonNode error = doc.at("/components/schemas/" + OpenApiContract.ERROR + "/properties/error");
        assertEquals(List.of("code", "message", "param", "request_id"), names(error.path("properties")));
        assertTrue(error.at("/properties/code/enum").toString().contains("\"rate_limited\""));

        doc.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            String name = op.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey();
            JsonNode responses = op.getValue().path("responses");
            for (String status : List.of("401", "403", "429", "500")) {
                assertEquals("#/components/schemas/Error",
                        responses.at("/" + status + "/content/application~1json/schema/$ref").asText(), name + " " + status);
            }
            assertTrue(responses.at("/429/headers").has("Retry-After"), name);
            responses.properties().forEach(r -> assertEquals(!r.getKey().equals("401"),
                    r.getValue().path("headers").has("X-RateLimit-Remaining"), name + " " + r.getKey()));
            boolean write = !op.getKey().equals("get");
            boolean idempotent = op.getValue().path("parameters").toString().contains("#/components/parameters/Idempotency-Key");
            assertEquals(write, idempotent, name + ": Idempotency-Key on writes only");
        }));
    }

    private static JsonNode document() {
        return Json.parse(given().accept("application/json").queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200).extract().asString());
    }

    private static Set<String> documented(JsonNode doc) {
        Set<String> endpoints = new TreeSet<>();
        doc.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> endpoints.add(
                op.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey().replaceAll("\\{[^}]+}", "{}"))));
        return endpoints;
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new java.util.ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String normalized(String text) {
        String unix = text.replace("\r\n", "\n");
        return unix.endsWith("\n") ? unix : unix + "\n";
    }
}
