package com.nusomi.apigateway.rest;

import static com.nusomi.apigateway.support.Api.map;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.nusomi.apigateway.support.Api;
import com.nusomi.apigateway.support.FakeCaptureIngest;
import com.nusomi.apigateway.support.FakeSealer;
import com.nusomi.devstack.DevStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(DevStackResource.class)
@QuarkusTestResource(FakeCaptureIngest.class)
class FramesResourceTest {
    private static final String BOUNDARY = "nusomi-test-boundary";
    private static Api.Workspace acme;
    private static String recording;

    /** RestAssured knows the test port only per test, hence not a static @BeforeAll. */
    @BeforeEach
    void setUp() {
        if (acme != null) {
            return;
        }
        FakeSealer.ensureRunning();
        acme = Api.newWorkspace("frames");
        recording = SessionsResourceTest.create(acme, "frames_wf");
        Api.as(acme.adminKey()).post("/v1/sessions/" + recording + "/start").then().statusCode(200);
    }

    @AfterEach
    void reset() {
        FakeCaptureIngest.NEXT.set(new FakeCaptureIngest.Answer(201,
                "{\"data\":[{\"id\":\"frm_01JD0000000000000000000000\",\"t_ms\":0,\"keyframe\":true}]}"));
    }

    static byte[] multipart() {
        String body = "--" + BOUNDARY + "\r\n"
                + "Content-Disposition: form-data; name=\"metadata\"\r\nContent-Type: application/json\r\n\r\n"
                + "{\"frames\":[{\"t_ms\":0,\"image\":\"img0\",\"viewport\":{\"w\":4,\"h\":4,\"scale\":1}}]}\r\n"
                + "--" + BOUNDARY + "\r\n"
                + "Content-Disposition: form-data; name=\"img0\"; filename=\"img0.webp\"\r\nContent-Type: image/webp\r\n\r\n"
                + "RIFF....WEBPVP8 fake\r\n"
                + "--" + BOUNDARY + "--\r\n";
        return body.getBytes(StandardCharsets.ISO_8859_1);
    }

    static RequestSpecification upload(String key, byte[] body) {
        return given().header("Authorization", "Bearer " + key)
                .contentType("multipart/form-data; boundary=" + BOUNDARY)
                .body(body);
    }

    @Test
    void theBodyIsForwardedUnchangedWithWorkspaceAndRequestIdAndTheAnswerRelayed() {
        byte[] body = multipart();
        var answer = upload(acme.adminKey(), body).post("/v1/sessions/" + recording + "/frames").then().statusCode(201)
                .body("data[0].id", equalTo("frm_01JD0000000000000000000000"))
                .extract();
        var received = FakeCaptureIngest.LAST.get();
        assertEquals("POST", received.method());
        assertEquals("/internal/v1/sessions/" + recording + "/frames", received.path());
        assertEquals("multipart/form-data; boundary=" + BOUNDARY, received.contentType());
        assertEquals(acme.id(), received.workspace());
        assertEquals(answer.header("X-Request-Id"), received.requestId());
        assertArrayEquals(body, received.body());
    }

    @Test
    void captureIngestErrorsAreRelayedAsTheyAre() {
        FakeCaptureIngest.NEXT.set(new FakeCaptureIngest.Answer(400,
                "{\"error\":{\"code\":\"invalid_request\",\"message\":\"not a WebP\",\"param\":\"img0\",\"request_id\":\"req_x\"}}"));
        upload(acme.adminKey(), multipart()).post("/v1/sessions/" + recording + "/frames").then().statusCode(400)
                .body("error.param", equalTo("img0"));
    }

    @Test
    void onlyARecordingSessionOfTheCallersWorkspaceTakesFrames() {
        String created = SessionsResourceTest.create(acme, "frames_wf");
        upload(acme.adminKey(), multipart()).post("/v1/sessions/" + created + "/frames").then().statusCode(409)
                .body("error.code", equalTo("invalid_state"));
        var globex = Api.newWorkspace("frames-other");
        upload(globex.adminKey(), multipart()).post("/v1/sessions/" + recording + "/frames").then().statusCode(404)
                .body("error.code", equalTo("session_not_found"));
        String readOnly = Api.newKey(acme, "read");
        upload(readOnly, multipart()).post("/v1/sessions/" + recording + "/frames").then().statusCode(403)
                .body("error.code", equalTo("insufficient_scope"));
    }

    @Test
    void anUploadOver32MiBIsRefusedWith400() {
        FakeCaptureIngest.LAST.set(null);
        byte[] big = new byte[32 * 1024 * 1024 + 1];
        upload(acme.adminKey(), big).post("/v1/sessions/" + recording + "/frames").then().statusCode(400)
                .body("error.code", equalTo("invalid_request")).body("error.param", equalTo("Content-Length"));
        assertEquals(null, FakeCaptureIngest.LAST.get(), "nothing was forwarded");
    }

    @Test
    void theBodyReachesCaptureIngestWhileTheClientIsStillSendingIt() throws Exception {
        byte[] image = new byte[4 * 1024 * 1024];
        new java.util.Random(11).nextBytes(image);
        byte[] body = multipartWith(image);
        int firstHalf = body.length / 2;
        FakeCaptureIngest.LAST.set(null);
        FakeCaptureIngest.RECEIVING.set(0);
        // HTTP/1.1: an h2c upgrade request has its whole body read by the server before the upgrade
        try (var client = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();
             var sending = new java.io.PipedOutputStream();
             var received = new java.io.PipedInputStream(sending, 64 * 1024)) {
            var answer = client.sendAsync(java.net.http.HttpRequest.newBuilder(
                                    java.net.URI.create(io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port
                                            + "/v1/sessions/" + recording + "/frames"))
                            .header("Authorization", "Bearer " + acme.adminKey())
                            .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> received)) // chunked
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            sending.write(body, 0, firstHalf);
            sending.flush();
            // a gateway that buffered the request would pass nothing on before the client finished sending
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(90)) // generous: a loaded machine is slow
                    .until(() -> FakeCaptureIngest.RECEIVING.get() >= firstHalf / 2);
            sending.write(body, firstHalf, body.length - firstHalf);
            sending.close();
            var response = answer.get(90, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(201, response.statusCode(), response.body());
        }
        assertArrayEquals(body, FakeCaptureIngest.LAST.get().body(), "capture-ingest received the body unchanged");
    }

    @Test
    void aChunkedUploadThatGrowsPast32MiBIsRefusedWith400AndNotPassedOnWhole() throws Exception {
        FakeCaptureIngest.LAST.set(null);
        byte[] big = new byte[32 * 1024 * 1024 + 1];
        try (var client = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build()) {
            var response = client.send(java.net.http.HttpRequest.newBuilder(
                                    java.net.URI.create(io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port
                                            + "/v1/sessions/" + recording + "/frames"))
                            .header("Authorization", "Bearer " + acme.adminKey())
                            .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                                    () -> new java.io.ByteArrayInputStream(big))) // chunked: no Content-Length to refuse early
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(400, response.statusCode(), response.body());
            assertEquals("invalid_request", com.nusomi.apigateway.mapping.Json.parse(response.body()).path("error").path("code").asText());
        }
        assertEquals(null, FakeCaptureIngest.LAST.get(), "the forwarded request was reset, not completed");
    }

    /** A one-frame multipart body whose image part holds {@code image}. */
    static byte[] multipartWith(byte[] image) {
        var out = new java.io.ByteArrayOutputStream();
        out.writeBytes(("--" + BOUNDARY + "\r\n"
                + "Content-Disposition: form-data; name=\"metadata\"\r\nContent-Type: application/json\r\n\r\n"
                + "{\"frames\":[{\"t_ms\":0,\"image\":\"img0\"}]}\r\n"
                + "--" + BOUNDARY + "\r\n"
                + "Content-Disposition: form-data; name=\"img0\"; filename=\"img0.webp\"\r\nContent-Type: image/webp\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(image);
        out.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    @Test
    void anUploadThatIsNotMultipartIsRefused() {
        Api.as(acme.adminKey()).body(map("frames", 1)).post("/v1/sessions/" + recording + "/frames").then().statusCode(400)
                .body("error.code", equalTo("invalid_request")).body("error.param", equalTo("Content-Type"));
    }
}
