package com.nusomi.captureingest.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nusomi.devstack.testing.TestWebp;
import com.nusomi.contracts.Headers;
import com.nusomi.contracts.IdPrefix;
import com.nusomi.contracts.Topic;
import com.nusomi.devstack.DevStackResource;
import com.nusomi.devstack.testing.TopicReader;
import com.nusomi.kit.objectstore.ObjectStoreConfig;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The frame upload as the api-gateway calls it, against the devstack's Kafka, registry, PostgreSQL and object store:
 * what the caller is answered, what lands in the bucket, on {@code nusomi.capture.frames} and in {@code ingest.frame_index}.
 */
@QuarkusTest
@QuarkusTestResource(value = DevStackResource.class)
class FrameUploadResourceTest {
    private static final String WORKSPACE = IdPrefix.WORKSPACE.newId();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FRAMES_TOPIC = Topic.CAPTURE_FRAMES.topicName();

    @Inject
    S3Client s3;
    @Inject
    ObjectStoreConfig objectStore;
    @Inject
    Pool pool;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @ConfigProperty(name = "mp.messaging.connector.smallrye-kafka.apicurio.registry.url")
    String registryUrl;

    /** One frame of a test upload: its t_ms, the part carrying its image, and the image. */
    record Frame(long tMs, String part, byte[] image) {}

    // ---------- the happy path ----------

    @Test
    void storesABatchPublishesItAndAnswersInRequestOrder() throws Exception {
        String session = IdPrefix.SESSION.newId();
        List<Frame> frames = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            // frame 5 shows the same screen as frame 4 (same bytes in its own part): not a keyframe; the others alternate
            // light and dark against the previous keyframe (a material change)
            byte[] image = i == 5 ? frames.get(4).image() : TestWebp.solid(64 + i, 48, uniqueColour(session, i < 5 ? i : i - 1));
            frames.add(new Frame(i * 40L, "shot-" + i, image));
        }

        JsonNode answer = json(upload(session, frames).statusCode(201)
                .header(Headers.REQUEST_ID, containsString("req_"))
                .body("data", hasSize(10))
                .extract().asString()).get("data");

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            JsonNode ack = answer.get(i);
            ids.add(ack.get("id").asText());
            assertTrue(IdPrefix.FRAME.matches(ack.get("id").asText()), ack.toString());
            assertEquals(i * 40L, ack.get("t_ms").asLong());
            assertEquals(i != 5, ack.get("keyframe").asBoolean(), "keyframe of frame " + i);
        }

        for (Frame frame : frames) {
            var object = s3.getObjectAsBytes(b -> b.bucket(objectStore.bucket()).key(keyOf(frame.image())));
            assertArrayEquals(frame.image(), object.asByteArray());
            assertEquals("image/webp", object.response().contentType());
        }

        List<ConsumerRecord<String, GenericRecord>> records = recordsOf(session, 10);
        assertEquals(10, records.size());
        for (int i = 0; i < 10; i++) {
            ConsumerRecord<String, GenericRecord> rec = records.get(i);
            GenericRecord value = rec.value();
            Frame frame = frames.get(i);
            assertEquals(session, rec.key());
            assertEquals(ids.get(i), value.get("frame_id").toString());
            assertEquals(session, value.get("session_id").toString());
            assertEquals(WORKSPACE, value.get("workspace_id").toString());
            assertEquals(frame.tMs(), value.get("t_ms"));
            assertEquals(i != 5, value.get("keyframe"));
            GenericRecord image = (GenericRecord) value.get("image");
            assertEquals(objectStore.bucket(), image.get("bucket").toString());
            assertEquals(keyOf(frame.image()), image.get("key").toString());
            assertEquals(sha256(frame.image()), image.get("sha256").toString());
            assertEquals((long) frame.image().length, image.get("size"));
            assertEquals(i == 5 ? 64 + 4 : 64 + i, image.get("w"));
            assertEquals(48, image.get("h"));
            assertEquals(JSON.readTree("{\"tag\":\"body\",\"children\":[{\"t\":" + frame.tMs() + "}]}"),
                    JSON.readTree(value.get("dom").toString()));
            assertEquals(JSON.readTree("{\"role\":\"window\",\"name\":\"Invoices\"}"),
                    JSON.readTree(value.get("accessibility_tree").toString()));
            GenericRecord viewport = (GenericRecord) value.get("viewport");
            assertEquals(1280, viewport.get("w"));
            assertEquals(800, viewport.get("h"));
            assertEquals(2.0, viewport.get("scale"));
            assertEquals(12, ((GenericRecord) value.get("cursor")).get("x"));
            assertNull(value.get("app"));
            assertNotNull(value.get("captured_at"));
        }

        List<Row> rows = indexRows(session);
        assertEquals(10, rows.size());
        assertTrue(rows.stream().allMatch(r -> r.getValue("published_at") != null), "every frame marked published");
        assertEquals(ids, rows.stream().map(r -> r.getString("frame_id")).toList());
    }

    @Test
    void resendingABatchReturnsTheStoredFramesAndPublishesNothingNew() throws Exception {
        String session = IdPrefix.SESSION.newId();
        List<Frame> frames = List.of(
                new Frame(0, "a", TestWebp.solid(32, 32, uniqueColour(session, 0))),
                new Frame(33, "b", TestWebp.solid(32, 32, uniqueColour(session, 1))),
                new Frame(66, "c", TestWebp.solid(32, 32, uniqueColour(session, 2))));

        JsonNode first = json(upload(session, frames).statusCode(201).extract().asString());
        assertEquals(3, recordsOf(session, 3).size());

        JsonNode second = json(upload(session, frames).statusCode(201).extract().asString());

        assertEquals(first, second);
        assertEquals(3, recordsOf(session, 3).size(), "a safe retry publishes nothing new");
        assertEquals(3, indexRows(session).size());

        // a retry may also overlap: two stored frames again plus a new one
        List<Frame> overlapping = List.of(frames.get(1), frames.get(2),
                new Frame(99, "d", TestWebp.solid(32, 32, uniqueColour(session, 3))));
        JsonNode third = json(upload(session, overlapping).statusCode(201).extract().asString());
        assertEquals(first.get("data").get(1), third.get("data").get(0));
        assertEquals(first.get("data").get(2), third.get("data").get(1));
        assertEquals(99, third.get("data").get(2).get("t_ms").asLong());
        assertEquals(4, recordsOf(session, 4).size());
    }

    @Test
    void aFrameLeftPendingByACrashIsDeliveredAgainUnderTheSameId() throws Exception {
        String session = IdPrefix.SESSION.newId();
        byte[] image = TestWebp.solid(20, 20, uniqueColour(session, 0));
        String frameId = IdPrefix.FRAME.newId();
        // what an attempt that stopped right after the index insert leaves behind: a pending row, no blob, no record
        pool.preparedQuery("INSERT INTO ingest.frame_index (session_id, t_ms, frame_id, sha256, keyframe) VALUES ($1, $2, $3, $4, $5)")
                .execute(Tuple.of(session, 500L, frameId, sha256(image), true)).await().indefinitely();

        upload(session, List.of(new Frame(500, "retry", image))).statusCode(201)
                .body("data[0].id", equalTo(frameId))
                .body("data[0].keyframe", equalTo(true));

        assertArrayEquals(image, s3.getObjectAsBytes(b -> b.bucket(objectStore.bucket()).key(keyOf(image))).asByteArray());
        List<ConsumerRecord<String, GenericRecord>> records = recordsOf(session, 1);
        assertEquals(1, records.size());
        assertEquals(frameId, records.get(0).value().get("frame_id").toString());
        assertNotNull(indexRows(session).get(0).getValue("published_at"));
    }

    @Test
    void aBatchOfDistinctImagesLandsWholeInTheBucketAndAnImageAlreadyThereIsWrittenAgainUnchanged() throws Exception {
        String session = IdPrefix.SESSION.newId();
        List<Frame> frames = new ArrayList<>();
        for (int i = 0; i < 20; i++) { // more than store-concurrency: the PUTs run in several waves
            frames.add(new Frame(i * 40L, "p" + i, TestWebp.solid(16, 16, uniqueColour(session, i))));
        }
        upload(session, frames).statusCode(201).body("data", hasSize(20));
        for (Frame f : frames) {
            assertArrayEquals(f.image(), s3.getObjectAsBytes(b -> b.bucket(objectStore.bucket()).key(keyOf(f.image()))).asByteArray());
        }
        assertEquals(20, recordsOf(session, 20).size());

        // another session with one of those images: its object is written again (no lookup first) and stays the same bytes
        String other = IdPrefix.SESSION.newId();
        byte[] shared = frames.get(7).image();
        upload(other, List.of(new Frame(0, "same", shared))).statusCode(201);
        assertArrayEquals(shared, s3.getObjectAsBytes(b -> b.bucket(objectStore.bucket()).key(keyOf(shared))).asByteArray());
    }

    @Test
    void aFailedPutAnswersAnErrorPublishesNothingAndTheRetryDeliversTheSameFrames() throws Exception {
        String session = IdPrefix.SESSION.newId();
        List<Frame> frames = List.of(
                new Frame(0, "a", TestWebp.solid(8, 8, uniqueColour(session, 0))),
                new Frame(40, "b", TestWebp.solid(8, 8, uniqueColour(session, 1))),
                new Frame(80, "c", TestWebp.solid(8, 8, uniqueColour(session, 2))));
        String bucket = objectStore.bucket();
        // the object store refuses every PUT while the bucket is gone (the real store, no stand-in)
        List<String> keys = new ArrayList<>();
        s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().forEach(o -> keys.add(o.key()));
        Map<String, byte[]> kept = new LinkedHashMap<>();
        keys.forEach(k -> kept.put(k, s3.getObjectAsBytes(b -> b.bucket(bucket).key(k)).asByteArray()));
        keys.forEach(k -> s3.deleteObject(b -> b.bucket(bucket).key(k)));
        s3.deleteBucket(b -> b.bucket(bucket));
        try {
            upload(session, frames).statusCode(500).body("error.code", equalTo("internal_error"));
        } finally {
            s3.createBucket(b -> b.bucket(bucket));
            kept.forEach((k, bytes) -> s3.putObject(b -> b.bucket(bucket).key(k),
                    software.amazon.awssdk.core.sync.RequestBody.fromBytes(bytes)));
        }
        assertTrue(recordsOf(session, 1).isEmpty(), "nothing is published for images that are not stored");
        assertTrue(indexRows(session).stream().allMatch(r -> r.getValue("published_at") == null),
                "no frame is marked published while its image is missing");

        JsonNode retried = json(upload(session, frames).statusCode(201).extract().asString());
        List<Row> rows = indexRows(session);
        assertEquals(3, rows.size());
        for (int i = 0; i < 3; i++) {
            byte[] image = frames.get(i).image();
            assertArrayEquals(image, s3.getObjectAsBytes(b -> b.bucket(bucket).key(keyOf(image))).asByteArray());
            assertEquals(rows.get(i).getString("frame_id"), retried.get("data").get(i).get("id").asText());
            assertNotNull(rows.get(i).getValue("published_at"));
        }
        assertEquals(3, recordsOf(session, 3).size());
    }

    // ---------- refusals ----------

    @Test
    void anotherImageAtAStoredTMsIsAConflict() {
        String session = IdPrefix.SESSION.newId();
        upload(session, List.of(new Frame(1000, "a", TestWebp.solid(8, 8, uniqueColour(session, 0))))).statusCode(201);
        byte[] other = TestWebp.solid(8, 8, uniqueColour(session, 1));

        upload(session, List.of(new Frame(1000, "a", other))).statusCode(409)
                .body("error.code", equalTo("invalid_request"))
                .body("error.param", equalTo("metadata.frames[0].t_ms"))
                .body("error.request_id", containsString("req_"));

        assertThrows(NoSuchKeyException.class, () -> s3.headObject(b -> b.bucket(objectStore.bucket()).key(keyOf(other))));
        assertEquals(1, indexRows(session).size());
    }

    @Test
    void anImageThatIsNotWebpIsRefusedNamingItsPart() {
        String session = IdPrefix.SESSION.newId();
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 'I', 'H', 'D', 'R', 0, 0, 0, 1, 0, 0, 0, 1};

        upload(session, List.of(new Frame(0, "good", TestWebp.solid(8, 8, 0xff000000)), new Frame(10, "screenshot", png)))
                .statusCode(400)
                .body("error.code", equalTo("invalid_request"))
                .body("error.param", equalTo("screenshot"));

        assertEquals(0, indexRows(session).size(), "nothing of a refused upload is stored");
    }

    @Test
    void tMsMustRiseWithinTheUploadAndAboveTheSessionsLastFrame() {
        String session = IdPrefix.SESSION.newId();
        byte[] a = TestWebp.solid(8, 8, uniqueColour(session, 0));
        byte[] b = TestWebp.solid(8, 8, uniqueColour(session, 1));

        upload(session, List.of(new Frame(100, "a", a), new Frame(100, "b", b))).statusCode(400)
                .body("error.param", equalTo("metadata.frames[1].t_ms"));
        upload(session, List.of(new Frame(100, "a", a), new Frame(90, "b", b))).statusCode(400)
                .body("error.param", equalTo("metadata.frames[1].t_ms"));

        upload(session, List.of(new Frame(100, "a", a))).statusCode(201);
        upload(session, List.of(new Frame(50, "b", b))).statusCode(400)
                .body("error.code", equalTo("invalid_request"))
                .body("error.param", equalTo("metadata.frames[0].t_ms"));
        assertEquals(1, indexRows(session).size());
    }

    @Test
    void anUploadCarriesAtMostFiftyFrames() {
        String session = IdPrefix.SESSION.newId();
        List<Frame> frames = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            frames.add(new Frame(i, "f" + i, TestWebp.solid(4, 4, 0xff000000 | i)));
        }

        upload(session, frames).statusCode(400).body("error.param", equalTo("metadata.frames"));
        upload(session, List.of()).statusCode(400).body("error.param", equalTo("metadata.frames"));
        upload(session, frames.subList(0, 50)).statusCode(201).body("data", hasSize(50));
    }

    @Test
    void aPartThatNoFrameNamesIsRefused() {
        String session = IdPrefix.SESSION.newId();
        byte[] image = TestWebp.solid(8, 8, 0xff123456);

        request(metadata(List.of(new Frame(0, "a", image))))
                .multiPart("a", "a.webp", image, "image/webp")
                .multiPart("stray", "stray.webp", image, "image/webp")
                .post("/internal/v1/sessions/{id}/frames", session)
                .then().statusCode(400)
                .body("error.code", equalTo("invalid_request"))
                .body("error.param", equalTo("stray"));
    }

    @Test
    void aFrameWhoseImagePartIsMissingIsRefused() {
        String session = IdPrefix.SESSION.newId();
        byte[] image = TestWebp.solid(8, 8, 0xff123456);

        request(metadata(List.of(new Frame(0, "a", image), new Frame(5, "b", image))))
                .multiPart("a", "a.webp", image, "image/webp")
                .post("/internal/v1/sessions/{id}/frames", session)
                .then().statusCode(400)
                .body("error.param", equalTo("metadata.frames[1].image"));
    }

    @Test
    void metadataMustBeThereAndDescribeFrames() {
        String session = IdPrefix.SESSION.newId();
        byte[] image = TestWebp.solid(8, 8, 0xff123456);

        given().header(Headers.WORKSPACE_ID, WORKSPACE)
                .multiPart("a", "a.webp", image, "image/webp")
                .post("/internal/v1/sessions/{id}/frames", session)
                .then().statusCode(400).body("error.param", equalTo("metadata"));
        request("{\"frames\": [").multiPart("a", "a.webp", image, "image/webp")
                .post("/internal/v1/sessions/{id}/frames", session)
                .then().statusCode(400).body("error.param", equalTo("metadata"));
        request("{\"frames\": [{\"t_ms\": -1, \"image\": \"a\"}]}").multiPart("a", "a.webp", image, "image/webp")
                .post("/internal/v1/sessions/{id}/frames", session)
                .then().statusCode(400).body("error.param", equalTo("metadata.frames[0].t_ms"));
        request("{\"frames\": [{\"t_ms\": 1.5, \"image\": \"a\"}]}").multiPart("a", "a.webp", image, "image/webp")
                .post("/internal/v1/sessions/{id}/frames", session)
                .then().statusCode(400).body("error.param", equalTo("metadata.frames[0].t_ms"));
        request("{\"frames\": [{\"t_ms\": 0, \"image\": \"a\", \"viewport\": {\"w\": 0, \"h\": 10}}]}")
                .multiPart("a", "a.webp", image, "image/webp")
                .post("/internal/v1/sessions/{id}/frames", session)
                .then().statusCode(400).body("error.param", equalTo("metadata.frames[0].viewport.w"));
        request("{\"frames\": [{\"t_ms\": 0, \"image\": \"a\", \"dom\": \"<html>\"}]}")
                .multiPart("a", "a.webp", image, "image/webp")
                .post("/internal/v1/sessions/{id}/frames", session)
                .then().statusCode(400).body("error.param", equalTo("metadata.frames[0].dom"));
        assertEquals(0, indexRows(session).size());
    }

    @Test
    void imagesWiderOrTallerThanTheLimitAreRefused() {
        String session = IdPrefix.SESSION.newId();

        upload(session, List.of(new Frame(0, "wide", TestWebp.solid(16384, 1, 0xff000000)))).statusCode(400)
                .body("error.param", equalTo("wide"));
        upload(session, List.of(new Frame(0, "edge", TestWebp.solid(16383, 1, 0xff000000)))).statusCode(201);
    }

    @Test
    void anUploadOverThirtyTwoMebibytesIsRefused() throws Exception {
        String session = IdPrefix.SESSION.newId();
        byte[] small = TestWebp.solid(8, 8, 0xff000000);
        byte[] huge = new byte[32 * 1024 * 1024 + 1];

        // the JDK client: REST Assured takes half a minute to encode a 32 MiB part
        HttpResponse<String> response = rawUpload(session, multipart(List.of(
                part("metadata", null, "application/json",
                        metadata(List.of(new Frame(0, "small", small), new Frame(1, "huge", huge))).getBytes(StandardCharsets.UTF_8)),
                part("small", "small.webp", "image/webp", small),
                part("huge", "huge.webp", "image/webp", huge))));

        assertEquals(400, response.statusCode(), response.body());
        JsonNode error = json(response.body()).get("error");
        assertEquals("invalid_request", error.get("code").asText());
        assertEquals("huge", error.get("param").asText());
        assertEquals(0, indexRows(session).size());
    }

    @Test
    void theWorkspaceHeaderIsRequiredAndTheRequestIdIsKept() {
        String session = IdPrefix.SESSION.newId();
        byte[] image = TestWebp.solid(8, 8, 0xff000000);
        String requestId = IdPrefix.REQUEST.newId();

        given().header(Headers.REQUEST_ID, requestId)
                .multiPart("metadata", metadata(List.of(new Frame(0, "a", image))), "application/json")
                .multiPart("a", "a.webp", image, "image/webp")
                .post("/internal/v1/sessions/{id}/frames", session)
                .then().statusCode(400)
                .header(Headers.REQUEST_ID, requestId)
                .body("error.param", equalTo(Headers.WORKSPACE_ID))
                .body("error.request_id", equalTo(requestId));
    }

    @Test
    void partsMayComeWithOrWithoutFileNames() throws Exception {
        String session = IdPrefix.SESSION.newId();
        byte[] image = TestWebp.solid(8, 8, uniqueColour(session, 0));

        // metadata as a file part, the image as a plain part without a file name (as some HTTP clients send them)
        HttpResponse<String> response = rawUpload(session, multipart(List.of(
                part("metadata", "m.json", "application/json",
                        metadata(List.of(new Frame(0, "a", image))).getBytes(StandardCharsets.UTF_8)),
                part("a", null, "image/webp", image))));

        assertEquals(201, response.statusCode(), response.body());
        assertEquals(0, json(response.body()).get("data").get(0).get("t_ms").asLong());
        assertArrayEquals(image, s3.getObjectAsBytes(b -> b.bucket(objectStore.bucket()).key(keyOf(image))).asByteArray());
    }

    @Test
    void eachImageIsStoredAsSoonAsItsPartIsCompleteWhileTheRestIsStillArriving() throws Exception {
        String session = IdPrefix.SESSION.newId();
        byte[] first = TestWebp.solid(8, 8, uniqueColour(session, 0));
        byte[] second = TestWebp.solid(8, 8, uniqueColour(session, 1));
        byte[] head = multipartOpen(List.of(
                part("metadata", null, "application/json",
                        metadata(List.of(new Frame(0, "a", first), new Frame(40, "b", second))).getBytes(StandardCharsets.UTF_8)),
                part("a", "a.webp", "image/webp", first)));
        byte[] tail = multipart(List.of(part("b", "b.webp", "image/webp", second)));

        // a raw HTTP/1.1 connection with a chunked body: no client library buffers what is written
        try (var socket = new java.net.Socket(URI.create(RestAssured.baseURI).getHost(), RestAssured.port)) {
            socket.setSoTimeout(90_000);
            var out = socket.getOutputStream();
            out.write(("POST /internal/v1/sessions/" + session + "/frames HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: multipart/form-data; boundary=" + BOUNDARY + "\r\n" + Headers.WORKSPACE_ID + ": " + WORKSPACE
                    + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            int nextBoundary = ("--" + BOUNDARY + "\r\n").length();
            // the parts so far and the boundary after part a: part a is complete, part b not begun
            chunk(out, head, 0, head.length);
            chunk(out, tail, 0, nextBoundary);
            out.flush();
            // the request is not complete, yet the first image is in the bucket
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos(); // generous: a loaded machine is slow
            while (!stored(first)) {
                assertTrue(System.nanoTime() < deadline, "the first image was not stored while the upload was still arriving");
                Thread.sleep(50);
            }
            assertEquals(false, stored(second));
            chunk(out, tail, nextBoundary, tail.length - nextBoundary);
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 201"), answer);
        }
        assertTrue(stored(second));
        assertEquals(2, indexRows(session).size());
    }

    @Test
    void imagesMayComeBeforeTheMetadata() throws Exception {
        String session = IdPrefix.SESSION.newId();
        byte[] image = TestWebp.solid(8, 8, uniqueColour(session, 0));
        HttpResponse<String> response = rawUpload(session, multipart(List.of(
                part("a", "a.webp", "image/webp", image),
                part("metadata", null, "application/json",
                        metadata(List.of(new Frame(0, "a", image), new Frame(40, "a", image))).getBytes(StandardCharsets.UTF_8)))));
        assertEquals(201, response.statusCode(), response.body());
        assertEquals(2, json(response.body()).get("data").size());
        assertTrue(stored(image));
    }

    @Test
    void metadataFieldsAreBoundStrictlyAndTheErrorNamesTheirJsonPath() {
        String session = IdPrefix.SESSION.newId();
        byte[] image = TestWebp.solid(8, 8, 0xff000000);
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("{\"frames\": {}}", "metadata.frames");
        cases.put("[]", "metadata");
        cases.put("{\"frames\": [7]}", "metadata.frames[0]");
        cases.put("{\"frames\": [{\"t_ms\": \"10\", \"image\": \"a\"}]}", "metadata.frames[0].t_ms");
        cases.put("{\"frames\": [{\"t_ms\": 99999999999999999999, \"image\": \"a\"}]}", "metadata.frames[0].t_ms");
        cases.put("{\"frames\": [{\"t_ms\": 0}]}", "metadata.frames[0].image");
        cases.put("{\"frames\": [{\"t_ms\": 0, \"image\": 5}]}", "metadata.frames[0].image");
        cases.put("{\"frames\": [{\"t_ms\": 0, \"image\": \"a\", \"cursor\": {\"x\": \"10\", \"y\": 1}}]}", "metadata.frames[0].cursor.x");
        cases.put("{\"frames\": [{\"t_ms\": 0, \"image\": \"a\", \"cursor\": {\"x\": 1}}]}", "metadata.frames[0].cursor.y");
        cases.put("{\"frames\": [{\"t_ms\": 0, \"image\": \"a\", \"app\": {\"name\": 5}}]}", "metadata.frames[0].app.name");
        cases.put("{\"frames\": [{\"t_ms\": 0, \"image\": \"a\", \"viewport\": {\"w\": 4, \"h\": 0}}]}", "metadata.frames[0].viewport.h");
        cases.put("{\"frames\": [{\"t_ms\": 0, \"image\": \"a\", \"viewport\": {\"w\": 4, \"h\": 4, \"scale\": 0}}]}", "metadata.frames[0].viewport.scale");
        cases.put("{\"frames\": [{\"t_ms\": 0, \"image\": \"a\", \"accessibility_tree\": [1]}]}", "metadata.frames[0].accessibility_tree");
        cases.put("{\"frames\": [{\"t_ms\": 0, \"image\": \"a\"}, {\"t_ms\": 1, \"image\": \"metadata\"}]}", "metadata.frames[1].image");
        cases.forEach((metadata, param) -> request(metadata).multiPart("a", "a.webp", image, "image/webp")
                .post("/internal/v1/sessions/{id}/frames", session)
                .then().statusCode(400)
                .body("error.code", equalTo("invalid_request"))
                .body("error.param", equalTo(param)));
        assertEquals(0, indexRows(session).size());
    }

    /** One chunk of a chunked HTTP/1.1 body. */
    private static void chunk(java.io.OutputStream out, byte[] bytes, int offset, int length) throws java.io.IOException {
        out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes, offset, length);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private boolean stored(byte[] image) {
        try {
            s3.headObject(b -> b.bucket(objectStore.bucket()).key(keyOf(image)));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        }
    }

    // ---------- operations ----------

    @Test
    void readinessIncludesTheDatabaseAndMetricsCountFrames() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem(anyOf(containsString("PostgreSQL"), containsString("Database"))));

        String session = IdPrefix.SESSION.newId();
        upload(session, List.of(new Frame(0, "a", TestWebp.solid(8, 8, uniqueColour(session, 0))))).statusCode(201);
        upload(session, List.of(new Frame(0, "a", "nope".getBytes()))).statusCode(400);

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("nusomi_capture_frames_accepted_total{result=\"new\""), metrics);
        assertTrue(metrics.contains("nusomi_capture_frames_rejected_total{reason=\"not_webp\""), metrics);
        assertTrue(metrics.contains("nusomi_capture_images_stored_bytes_total"), metrics);
    }

    @Test
    void anIdThatIsNotASessionIsNotFound() {
        given().header(Headers.WORKSPACE_ID, WORKSPACE)
                .multiPart("metadata", "{}", "application/json")
                .post("/internal/v1/sessions/{id}/frames", "frm_nope")
                .then().statusCode(404)
                .body("error.code", equalTo("session_not_found"))
                .body("error.param", equalTo("id"));
    }

    // ---------- helpers ----------

    private static final String BOUNDARY = "nusomi-test-boundary-7f3a";

    /** One multipart part; {@code fileName} null for a part without a file name. */
    record Part(String name, String fileName, String contentType, byte[] body) {}

    private static Part part(String name, String fileName, String contentType, byte[] body) {
        return new Part(name, fileName, contentType, body);
    }

    private static byte[] multipart(List<Part> parts) {
        var out = new ByteArrayOutputStream();
        out.writeBytes(multipartOpen(parts));
        out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** The parts, each followed by its line break, without the closing boundary. */
    private static byte[] multipartOpen(List<Part> parts) {
        var out = new ByteArrayOutputStream();
        for (Part p : parts) {
            String disposition = "form-data; name=\"" + p.name() + "\"" + (p.fileName() == null ? "" : "; filename=\"" + p.fileName() + "\"");
            out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: " + disposition + "\r\nContent-Type: " + p.contentType()
                    + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.writeBytes(p.body());
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        return out.toByteArray();
    }

    private HttpResponse<String> rawUpload(String session, byte[] body) throws Exception {
        URI uri = URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/internal/v1/sessions/" + session + "/frames");
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(uri)
                    .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                    .header(Headers.WORKSPACE_ID, WORKSPACE)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build(), HttpResponse.BodyHandlers.ofString());
        }
    }


    private ValidatableResponse upload(String session, List<Frame> frames) {
        RequestSpecification spec = request(metadata(frames));
        Map<String, byte[]> parts = new LinkedHashMap<>();
        frames.forEach(f -> parts.put(f.part(), f.image()));
        parts.forEach((name, bytes) -> spec.multiPart(name, name + ".webp", bytes, "image/webp"));
        return spec.post("/internal/v1/sessions/{id}/frames", session).then();
    }

    private static RequestSpecification request(String metadataJson) {
        return given().header(Headers.WORKSPACE_ID, WORKSPACE).multiPart("metadata", metadataJson, "application/json");
    }

    private static String metadata(List<Frame> frames) {
        List<Map<String, Object>> described = new ArrayList<>();
        for (Frame f : frames) {
            Map<String, Object> frame = new LinkedHashMap<>();
            frame.put("t_ms", f.tMs());
            frame.put("image", f.part());
            frame.put("viewport", Map.of("w", 1280, "h", 800, "scale", 2.0));
            frame.put("dom", Map.of("tag", "body", "children", List.of(Map.of("t", f.tMs()))));
            frame.put("accessibility_tree", Map.of("role", "window", "name", "Invoices"));
            frame.put("app", null);
            frame.put("cursor", Map.of("x", 12, "y", 34));
            described.add(frame);
        }
        try {
            return JSON.writeValueAsString(Map.of("frames", described));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static TopicReader<GenericRecord> published;

    /**
     * The session's records on nusomi.capture.frames in offset order: every one published before the call (the API
     * answers only after Kafka acknowledged), after waiting (up to the reader's wait) for {@code expected} of them.
     */
    private List<ConsumerRecord<String, GenericRecord>> recordsOf(String session, int expected) {
        synchronized (FrameUploadResourceTest.class) {
            if (published == null) {
                AvroKafkaDeserializer<GenericRecord> values = new AvroKafkaDeserializer<>();
                values.configure(Map.of("apicurio.registry.url", registryUrl), false);
                published = new TopicReader<>(bootstrapServers, FRAMES_TOPIC, values, Duration.ofSeconds(20));
            }
        }
        try {
            published.awaitRecords(r -> session.equals(r.key()), expected);
        } catch (AssertionError fewer) {
            // the caller asserts the count: a test that expects nothing passes its upper bound here
        }
        return published.byKeyUpToNow(session);
    }

    private List<Row> indexRows(String session) {
        List<Row> rows = new ArrayList<>();
        pool.preparedQuery("SELECT frame_id, t_ms, published_at FROM ingest.frame_index WHERE session_id = $1 ORDER BY t_ms")
                .execute(Tuple.of(session)).await().indefinitely().forEach(rows::add);
        return rows;
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    /**
     * An opaque colour that no other test's image has (so no other test stored the same blob); consecutive {@code i}
     * alternate between light and dark, so each frame is a material change from the one before (a keyframe).
     */
    private static int uniqueColour(String session, int i) {
        int unique = (session.hashCode() * 31 + i * 7919) & 0x3f3f3f;
        return 0xff000000 | (i % 2 == 0 ? 0xc0c0c0 | unique : unique);
    }

    private static String keyOf(byte[] image) {
        return "frames/" + sha256(image) + ".webp";
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
