package com.nusomi.apigateway.support;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.nusomi.apigateway.mapping.Json;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;

/** The public API as a client sees it: bearer keys, JSON bodies. */
public final class Api {
    private Api() {}

    /** A workspace created by the operator: its id and admin key. */
    public record Workspace(String id, String adminKey) {}

    /** The operator key the gateway wrote to its bootstrap file at first start. */
    public static String operatorKey() {
        String file = ConfigProvider.getConfig().getValue("nusomi.gateway.bootstrap-file", String.class);
        try {
            return Json.parse(Files.readString(Path.of(file))).path("operator_key").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Workspace newWorkspace(String name) {
        Response created = as(operatorKey()).body(Map.of("name", name)).post("/v1/workspaces");
        if (created.statusCode() != 201) {
            throw new IllegalStateException("workspace not created: " + created.asString());
        }
        return new Workspace(created.path("id"), created.path("admin_key"));
    }

    /** A new key of the workspace with these scopes. */
    public static String newKey(Workspace workspace, String... scopes) {
        Response created = as(workspace.adminKey()).body(Map.of("name", "test", "scopes", scopes)).post("/v1/keys");
        if (created.statusCode() != 201) {
            throw new IllegalStateException("key not created: " + created.asString());
        }
        return created.path("key");
    }

    public static RequestSpecification as(String key) {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + key);
    }

    public static JsonNode json(Response response) {
        return Json.parse(response.asString());
    }

    public static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }
}
