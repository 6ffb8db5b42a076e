package com.nusomi.apigateway.rest;

import static com.nusomi.apigateway.support.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.nusomi.apigateway.support.Api;
import com.nusomi.apigateway.support.Catalog;
import com.nusomi.apigateway.support.FakeCaptureIngest;
import com.nusomi.apigateway.support.FakeSealer;
import com.nusomi.devstack.DevStackResource;
import com.nusomi.contracts.IdPrefix;
import com.nusomi.devstack.testing.TestWebp;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Frame reads: the session's frames paged, one frame, and its WebP from the object store. */
@QuarkusTest
@QuarkusTestResource(DevStackResource.class)
@QuarkusTestResource(FakeCaptureIngest.class)
class FrameReadsResourceTest {
    private static final byte[] WEBP = TestWebp.solid(4, 4, 0xff3366cc);
    private static Api.Workspace acme;
    private static String session;
    private static List<String> frames;

    @Inject
    S3Client s3;

    @BeforeEach
    void setUp() {
        if (acme != null) {
            return;
        }
        FakeSealer.ensureRunning();
        acme = Api.newWorkspace("frame-reads");
        var recording = EventsResourceTest.recordingSessionWithFrames(acme);
        session = recording.id();
        frames = recording.frames();
        try {
            s3.createBucket(b -> b.bucket("nusomi"));
        } catch (RuntimeException alreadyThere) {
            // the gateway's bootstrap or another test created it
        }
        s3.putObject(p -> p.bucket("nusomi").key("frames/" + frames.get(0) + ".webp").contentType("image/webp"),
                RequestBody.fromBytes(WEBP));
    }

    @Test
    void theSessionsFramesArePagedByTms() {
        var page = as(acme.adminKey()).get("/v1/sessions/" + session + "/frames?limit=2").then().statusCode(200)
                .body("data.id", equalTo(frames.subList(0, 2)))
                .body("data.t_ms", equalTo(List.of(0, 1000)))
                .body("data[0].session_id", equalTo(session))
                .body("data[0].keyframe", equalTo(true))
                .body("data[0].image_url", containsString("frames/" + frames.get(0) + ".webp"))
                .body("data[0].dom", nullValue())
                .body("has_more", equalTo(true)).extract();
        as(acme.adminKey()).get("/v1/sessions/" + session + "/frames?limit=2&cursor=" + page.path("next_cursor")).then()
                .body("data.id", equalTo(frames.subList(2, 3))).body("has_more", equalTo(false));
        as(acme.adminKey()).get("/v1/sessions/" + session + "/frames?t_ms.gte=500&t_ms.lte=1500").then()
                .body("data.id", equalTo(frames.subList(1, 2)));
        as(acme.adminKey()).get("/v1/sessions/" + session + "/frames?limit=501").then().statusCode(400)
                .body("error.param", equalTo("limit"));
        as(acme.adminKey()).get("/v1/sessions/" + session + "/frames?t_ms.gte=soon").then().statusCode(400)
                .body("error.code", equalTo("invalid_filter")).body("error.param", equalTo("t_ms.gte"));
        as(acme.adminKey()).get("/v1/sessions/" + IdPrefix.SESSION.newId() + "/frames").then().statusCode(404)
                .body("error.code", equalTo("session_not_found"));
    }

    @Test
    void oneFrameByIdAndUnknownOrForeignFramesAreFrameNotFound() {
        as(acme.adminKey()).get("/v1/frames/" + frames.get(1)).then().statusCode(200)
                .body("id", equalTo(frames.get(1))).body("t_ms", equalTo(1000)).body("session_id", equalTo(session))
                .body("image.w", equalTo(4));
        as(acme.adminKey()).get("/v1/frames/" + IdPrefix.FRAME.newId()).then().statusCode(404)
                .body("error.code", equalTo("frame_not_found"));
        as(acme.adminKey()).get("/v1/frames/not-a-frame").then().statusCode(404).body("error.code", equalTo("frame_not_found"));
        var other = Api.newWorkspace("frame-reads-other");
        as(other.adminKey()).get("/v1/frames/" + frames.get(1)).then().statusCode(404).body("error.code", equalTo("frame_not_found"));
        as(other.adminKey()).get("/v1/frames/" + frames.get(0) + "/image").then().statusCode(404)
                .body("error.code", equalTo("frame_not_found"));
    }

    @Test
    void theImageIsStreamedFromTheStoreOrRedirectedToASignedUrl() throws Exception {
        byte[] body = RestAssured.given().header("Authorization", "Bearer " + acme.adminKey())
                .get("/v1/frames/" + frames.get(0) + "/image").then().statusCode(200)
                .contentType("image/webp").extract().asByteArray();
        assertArrayEquals(WEBP, body);

        String location = RestAssured.given().redirects().follow(false).header("Authorization", "Bearer " + acme.adminKey())
                .get("/v1/frames/" + frames.get(0) + "/image?redirect=true").then().statusCode(302)
                .extract().header("Location");
        var signed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(location)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertArrayEquals(WEBP, signed.body(), "the signed URL serves the same bytes without an API key");

        as(acme.adminKey()).get("/v1/frames/" + frames.get(2) + "/image").then().statusCode(404)
                .body("error.code", equalTo("frame_not_found"));
    }
}
