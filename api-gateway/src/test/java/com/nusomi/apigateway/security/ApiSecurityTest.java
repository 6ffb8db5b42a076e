package com.nusomi.apigateway.security;

import static com.nusomi.apigateway.support.Api.as;
import static com.nusomi.apigateway.support.Api.map;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nusomi.apigateway.auth.KeySecrets;
import com.nusomi.apigateway.auth.OperatorOnly;
import com.nusomi.apigateway.auth.RequiresScope;
import com.nusomi.apigateway.auth.Scope;
import com.nusomi.apigateway.mapping.Json;
import com.nusomi.apigateway.rest.SessionsResource;
import com.nusomi.apigateway.support.Api;
import com.nusomi.apigateway.support.Catalog;
import com.nusomi.apigateway.support.FakeCaptureIngest;
import com.nusomi.apigateway.support.FakeSealer;
import com.nusomi.devstack.DevStackResource;
import com.nusomi.contracts.IdPrefix;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SPEC §4 access rules, checked on every operation the gateway serves. The operations are the JAX-RS resource methods
 * of {@code com.nusomi.apigateway.rest}, found by reflection and cross-checked against the served OpenAPI document when
 * there is one: a missing key, an unknown or revoked key, a key without the scope, the operator key on workspace data,
 * and another workspace's key on this workspace's resources (404, data untouched).
 */
@QuarkusTest
@QuarkusTestResource(DevStackResource.class)
@QuarkusTestResource(FakeCaptureIngest.class)
class ApiSecurityTest {
    private static final String BOUNDARY = "security-boundary";
    private static Fixture fixture;

    /** An operation: HTTP method, path template and the access rule it declares (null scope = operator only). */
    record Operation(String method, String template, Scope scope) {
        boolean operatorOnly() {
            return scope == null;
        }

        boolean streams() {
            return template.endsWith("/stream");
        }

        @Override
        public String toString() {
            return method + " " + template;
        }
    }

    /** Workspace A with one of each resource, workspace B to attack it, and keys of every kind. */
    record Fixture(Api.Workspace a, Api.Workspace b, String aRead, String aWrite, String aRevoked, String aKeyId,
                   String session, String frame, String export, String snapshot) {}

    @BeforeEach
    void setUp() throws InterruptedException {
        if (fixture != null) {
            return;
        }
        FakeSealer.ensureRunning();
        var a = Api.newWorkspace("security-a");
        var b = Api.newWorkspace("security-b");
        String read = Api.newKey(a, "read");
        String write = Api.newKey(a, "write");
        var revoked = as(a.adminKey()).body(map("name", "gone", "scopes", List.of("admin"))).post("/v1/keys").then()
                .statusCode(201).extract();
        as(a.adminKey()).delete("/v1/keys/" + revoked.path("id")).then().statusCode(200);
        String keyId = as(a.adminKey()).body(map("name", "target", "scopes", List.of("read"))).post("/v1/keys").then()
                .statusCode(201).extract().path("id");
        String session = as(a.adminKey()).body(map("workflow", "secret_flow", "actor", map("kind", "human"),
                "tags", List.of(map("name", "confidential")))).post("/v1/sessions").then().statusCode(201).extract().path("id");
        as(a.adminKey()).post("/v1/sessions/" + session + "/start").then().statusCode(200);
        String frame = IdPrefix.FRAME.newId();
        Catalog.insertFrame(frame, session, a.id(), 0);
        as(a.adminKey()).body(map("type", "click", "t_ms", 5, "payload", map("x", 1, "y", 2)))
                .post("/v1/sessions/" + session + "/events").then().statusCode(201);
        String export = as(a.adminKey()).body(map("workflow", "secret_flow", "format", "jsonl", "destination",
                        map("kind", "s3", "bucket", "acme-training", "prefix", "p/", "region", "us-east-1")))
                .post("/v1/exports").then().statusCode(202).extract().path("id");
        awaitStoredEvent(a, session); // an emit answers from Kafka's ack; the snapshot must see the stored event
        fixture = new Fixture(a, b, read, write, revoked.path("key"), keyId, session, frame, export, snapshot(a, session));
    }

    /** Every resource method of the gateway's REST package, with its declared access rule. */
    static List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        for (Class<?> resource : restClasses()) {
            Path classPath = resource.getAnnotation(Path.class);
            if (classPath == null) {
                continue;
            }
            for (Method method : resource.getMethods()) {
                String http = httpMethod(method);
                if (http == null) {
                    continue;
                }
                Path methodPath = method.getAnnotation(Path.class);
                String template = (classPath.value() + (methodPath == null ? "" : "/" + methodPath.value()))
                        .replaceAll("/+", "/").replaceAll("/$", "");
                boolean operator = method.isAnnotationPresent(OperatorOnly.class) || resource.isAnnotationPresent(OperatorOnly.class);
                RequiresScope rule = method.isAnnotationPresent(RequiresScope.class)
                        ? method.getAnnotation(RequiresScope.class) : resource.getAnnotation(RequiresScope.class);
                assertTrue(operator || rule != null, http + " " + template + " declares no access rule");
                operations.add(new Operation(http, template, operator ? null : rule.value()));
            }
        }
        operations.sort(Comparator.comparing(Operation::toString));
        return operations;
    }

    @Test
    void theServedOpenApiDocumentListsNoOperationThisTestMisses() {
        Response document = given().accept("application/json").get("/q/openapi?format=json");
        if (document.statusCode() == 404) {
            return; // no OpenAPI extension in this build: the reflected operations are the whole list
        }
        List<String> reflected = operations().stream().map(Operation::toString).toList();
        JsonNode paths = Json.parse(document.asString()).path("paths");
        paths.fieldNames().forEachRemaining(path -> paths.path(path).fieldNames().forEachRemaining(method -> {
            String operation = method.toUpperCase(java.util.Locale.ROOT) + " " + path;
            if (path.startsWith("/v1/") && List.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(operation.split(" ")[0])) {
                assertTrue(reflected.contains(operation), operation + " is served but not checked here");
            }
        }));
    }

    @Test
    void theOperationsOfSpecSection4AreAllServed() {
        List<String> served = operations().stream().map(Operation::toString).toList();
        for (String expected : List.of("POST /v1/sessions", "GET /v1/sessions", "GET /v1/sessions/{id}",
                "POST /v1/sessions/{id}/start", "POST /v1/sessions/{id}/stop", "POST /v1/sessions/{id}/tags",
                "DELETE /v1/sessions/{id}", "POST /v1/sessions/{id}/frames", "GET /v1/sessions/{id}/frames",
                "GET /v1/frames/{id}", "GET /v1/frames/{id}/image", "GET /v1/sessions/{id}/events",
                "POST /v1/sessions/{id}/events", "POST /v1/exports", "GET /v1/exports/{id}", "GET /v1/exports",
                "POST /v1/keys", "GET /v1/keys", "DELETE /v1/keys/{id}", "GET /v1/masking-rules", "PUT /v1/masking-rules",
                "GET /v1/workflows", "POST /v1/workspaces", "GET /v1/workspaces")) {
            assertTrue(served.contains(expected), expected + " is not served; served: " + served);
        }
    }

    @Test
    void everyOperationRefusesAMissingOrMalformedAuthorization() {
        for (Operation op : operations()) {
            expect(call(given(), op, concrete(op)), 401, "missing_authorization", op + " without a key");
            expect(call(given().header("Authorization", "Basic Zm9vOmJhcg=="), op, concrete(op)), 401,
                    "missing_authorization", op + " with a Basic header");
        }
    }

    @Test
    void everyOperationRefusesUnknownAndRevokedKeys() {
        for (Operation op : operations()) {
            expect(call(bearer("nsk_local_" + "0".repeat(40)), op, concrete(op)), 401, "invalid_api_key", op + " unknown key");
            expect(call(bearer("nso_" + "0".repeat(40)), op, concrete(op)), 401, "invalid_api_key", op + " unknown operator key");
            expect(call(bearer(fixture.aRevoked()), op, concrete(op)), 401, "invalid_api_key", op + " revoked key");
        }
    }

    @Test
    void everyOperationRefusesAKeyWithoutItsScope() {
        for (Operation op : operations()) {
            if (op.operatorOnly()) {
                expect(call(bearer(fixture.a().adminKey()), op, concrete(op)), 403, "insufficient_scope", op + " workspace key");
            } else if (op.scope() == Scope.WRITE) {
                expect(call(bearer(fixture.aRead()), op, concrete(op)), 403, "insufficient_scope", op + " read key");
            } else if (op.scope() == Scope.ADMIN) {
                expect(call(bearer(fixture.aWrite()), op, concrete(op)), 403, "insufficient_scope", op + " write key");
            }
        }
        assertUntouched();
    }

    @Test
    void theOperatorKeyReadsAndWritesNoWorkspaceData() {
        for (Operation op : operations()) {
            if (!op.operatorOnly()) {
                expect(call(bearer(Api.operatorKey()), op, concrete(op)), 403, "insufficient_scope", op + " operator key");
            }
        }
        assertUntouched();
    }

    @Test
    void anotherWorkspacesKeyFindsNothingAndChangesNothing() {
        String b = fixture.b().adminKey();
        for (Operation op : operations()) {
            if (op.operatorOnly() || op.streams()) {
                continue; // workspaces are the operator's; streams are checked by their own tests
            }
            String path = concrete(op);
            Response answer = call(bearer(b), op, path);
            if (op.template().contains("{")) {
                assertEquals(404, answer.statusCode(), op + " with another workspace's key: " + answer.asString());
                String code = Json.parse(answer.asString()).path("error").path("code").asText();
                assertTrue(code.endsWith("_not_found"), op + " answers " + code);
            } else {
                String body = answer.asString();
                for (String secretId : List.of(fixture.session(), fixture.frame(), fixture.export(), fixture.aKeyId(), "secret_flow")) {
                    assertFalse(body.contains(secretId), op + " shows workspace A's " + secretId + " to B: " + body);
                }
            }
        }
        assertUntouched();
    }

    @Test
    void secretsAreStoredHashedAndNeverLogged() throws SQLException {
        List<String> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(String.valueOf(record.getMessage()) + " " + java.util.Arrays.toString(record.getParameters()));
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        var root = java.util.logging.Logger.getLogger("");
        root.addHandler(capture);
        List<String> secrets = new ArrayList<>();
        try {
            var created = Api.newWorkspace("security-secrets");
            secrets.add(created.adminKey());
            secrets.add(Api.newKey(created, "read"));
            secrets.add(Api.operatorKey());
            as(secrets.get(1)).get("/v1/sessions").then().statusCode(200);
            as(secrets.get(0)).body(map("workflow", "logged_flow", "actor", map("kind", "script"))).post("/v1/sessions")
                    .then().statusCode(201);
        } finally {
            root.removeHandler(capture);
        }
        assertFalse(logged.isEmpty(), "the capture saw the gateway's log records");
        for (String secret : secrets) {
            assertTrue(logged.stream().noneMatch(line -> line.contains(secret)), "a secret was logged");
            try (var c = Catalog.connect(); var st = c.prepareStatement("SELECT * FROM gateway.api_keys WHERE key_hash = ?")) {
                st.setString(1, KeySecrets.hash(secret));
                try (ResultSet rs = st.executeQuery()) {
                    assertTrue(rs.next(), "the key is stored by its SHA-256");
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        assertFalse(String.valueOf(rs.getObject(i)).contains(secret.substring(secret.length() - 20)),
                                "column " + rs.getMetaData().getColumnName(i) + " holds the secret");
                    }
                }
            }
        }
    }

    /** Workspace A as its own admin sees it: unchanged by everything the other keys tried. */
    private static void assertUntouched() {
        assertEquals(fixture.snapshot(), snapshot(fixture.a(), fixture.session()), "workspace A's data changed");
        as(fixture.aRead()).get("/v1/sessions").then().statusCode(200);
    }

    private static void awaitStoredEvent(Api.Workspace a, String session) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (as(a.adminKey()).get("/v1/sessions/" + session + "/events").then().statusCode(200).extract()
                .<List<Object>>path("data").isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the emitted event was not stored within 60 s");
            }
            Thread.sleep(100);
        }
    }

    private static String snapshot(Api.Workspace a, String session) {
        String admin = a.adminKey();
        Map<String, String> state = new TreeMap<>();
        JsonNode s = Json.parse(as(admin).get("/v1/sessions/" + session).then().statusCode(200).extract().asString());
        state.put("session", s.path("status").asText() + " " + s.path("tags") + " " + s.path("metadata"));
        state.put("frames", as(admin).get("/v1/sessions/" + session + "/frames").then().statusCode(200).extract().path("data.id").toString());
        state.put("events", as(admin).get("/v1/sessions/" + session + "/events").then().statusCode(200).extract().path("data.id").toString());
        state.put("keys", as(admin).get("/v1/keys").then().statusCode(200).extract().path("data.id").toString());
        state.put("exports", as(admin).get("/v1/exports").then().statusCode(200).extract().path("data.id").toString());
        state.put("masking", as(admin).get("/v1/masking-rules").then().statusCode(200).extract().asString());
        return state.toString();
    }

    /** The template with ids of workspace A's resources (or well-formed ids of nothing, for resources it lacks). */
    private static String concrete(Operation op) {
        String path = op.template();
        Matcher m = java.util.regex.Pattern.compile("/([a-z_-]+)/\\{([A-Za-z_]+)}").matcher(path);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, "/" + m.group(1) + "/" + idFor(m.group(1), m.group(2)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String idFor(String collection, String param) {
        return switch (collection) {
            case "sessions" -> fixture.session();
            case "frames" -> fixture.frame();
            case "exports" -> fixture.export();
            case "keys" -> fixture.aKeyId();
            case "workspaces" -> fixture.a().id();
            case "workflows" -> "secret_flow";
            case "webhooks" -> IdPrefix.WEBHOOK.newId();
            case "deliveries" -> IdPrefix.WEBHOOK_DELIVERY.newId();
            default -> "x_" + param;
        };
    }

    /** A body that passes binding, so what answers is the access rule or the resource lookup, not validation. */
    private static Response call(RequestSpecification request, Operation op, String path) {
        RequestSpecification spec = request;
        if (op.method().equals(HttpMethod.POST) || op.method().equals(HttpMethod.PUT) || op.method().equals(HttpMethod.PATCH)) {
            if (op.template().endsWith("/frames")) {
                spec = spec.contentType("multipart/form-data; boundary=" + BOUNDARY).body(multipart());
            } else {
                spec = spec.contentType("application/json").body(Json.write(bodyFor(op)));
            }
        }
        return spec.request(op.method(), path);
    }

    private static Object bodyFor(Operation op) {
        String t = op.template();
        if (t.endsWith("/tags")) {
            return map("name", "intruder");
        }
        if (t.endsWith("/events")) {
            return map("type", "click", "t_ms", 1, "payload", map("x", 1, "y", 1));
        }
        if (t.equals("/v1/sessions")) {
            return map("workflow", "intruder_flow", "actor", map("kind", "script"));
        }
        if (t.equals("/v1/keys") || t.equals("/v1/workspaces")) {
            return map("name", "intruder");
        }
        if (t.equals("/v1/masking-rules")) {
            return map("rules", List.of());
        }
        return map();
    }

    private static byte[] multipart() {
        return ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"metadata\"\r\nContent-Type: application/json\r\n\r\n"
                + "{\"frames\":[{\"t_ms\":9,\"image\":\"i\",\"viewport\":{\"w\":4,\"h\":4,\"scale\":1}}]}\r\n--" + BOUNDARY
                + "\r\nContent-Disposition: form-data; name=\"i\"; filename=\"i.webp\"\r\nContent-Type: image/webp\r\n\r\n"
                + "RIFF....WEBPVP8 x\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    private static RequestSpecification bearer(String key) {
        return given().header("Authorization", "Bearer " + key);
    }

    private static void expect(Response answer, int status, String code, String what) {
        assertEquals(status, answer.statusCode(), what + ": " + answer.asString());
        JsonNode error = Json.parse(answer.asString()).path("error");
        assertEquals(code, error.path("code").asText(), what);
        assertTrue(error.has("param") && error.path("request_id").asText().startsWith("req_"), what + ": envelope " + error);
    }

    private static String httpMethod(Method method) {
        for (Annotation a : method.getAnnotations()) {
            HttpMethod http = a.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return http.value();
            }
        }
        return null;
    }

    /** The classes of the REST package, read from where the package is on the class path. */
    private static List<Class<?>> restClasses() {
        String pkg = SessionsResource.class.getPackageName();
        try {
            var dir = java.nio.file.Path.of(SessionsResource.class.getResource("SessionsResource.class").toURI()).getParent();
            List<Class<?>> classes = new ArrayList<>();
            try (Stream<java.nio.file.Path> files = Files.list(dir)) {
                for (var file : files.filter(f -> f.toString().endsWith(".class") && !f.getFileName().toString().contains("$")).toList()) {
                    String name = file.getFileName().toString().replace(".class", "");
                    classes.add(Class.forName(pkg + "." + name, false, SessionsResource.class.getClassLoader()));
                }
            }
            return classes;
        } catch (IOException | URISyntaxException | ClassNotFoundException e) {
            throw new IllegalStateException("cannot list the REST package", e);
        }
    }
}
