package com.nusomi.shardwriter.listener;

import static com.nusomi.shardwriter.support.Shards.object;
import static com.nusomi.shardwriter.support.Shards.row;
import static com.nusomi.shardwriter.support.Shards.sha256;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nusomi.contracts.IdPrefix;
import com.nusomi.contracts.avro.ExportFormat;
import com.nusomi.contracts.avro.S3Destination;
import com.nusomi.contracts.avro.ShardResult;
import com.nusomi.contracts.avro.ShardTask;
import com.nusomi.kit.objectstore.ObjectStoreConfig;
import com.nusomi.shardwriter.support.Catalog;
import com.nusomi.devstack.DevStackResource;
import com.nusomi.shardwriter.support.ShardWriterTestProfile;
import com.nusomi.shardwriter.support.Shards;
import com.nusomi.devstack.testing.TestWebp;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.SeekableReadChannel;
import org.apache.arrow.vector.util.ByteArrayReadableSeekableByteChannel;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Every format written by the running service on the devstack and read back by readers this project did not write:
 * DuckDB (Parquet), Arrow Java (IPC file), commons-compress (WebDataset tar); the JSONL of the same task is the
 * reference for values and order. Two sessions, five rows: actions with and without targets, prior actions, a frame
 * without event.
 */
@QuarkusTest
@TestProfile(ShardWriterTestProfile.class)
@QuarkusTestResource(DevStackResource.class)
class ExportFormatsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BUCKET = "customer-training";
    private static final String WORKFLOW = "process_invoice";

    @Inject
    Pool pool;
    @Inject
    S3Client s3;
    @Inject
    ObjectStoreConfig store;

    String workspace;
    List<Catalog.PlanRef> rows;
    Map<String, byte[]> imagesBySha = new HashMap<>();

    @BeforeEach
    void twoSealedSessions() {
        Catalog.ensureSchema(pool);
        Shards.ensureBucket(s3, BUCKET);
        workspace = IdPrefix.WORKSPACE.newId();
        String a = IdPrefix.SESSION.newId();
        String b = IdPrefix.SESSION.newId();
        Catalog.sealedSession(pool, a, workspace, WORKFLOW, "success");
        Catalog.sealedSession(pool, b, workspace, WORKFLOW, "success");
        String a1 = frame(a, 1000, TestWebp.solid(1440, 900, 0xff336699), "{\"w\":1440,\"h\":900,\"scale\":1}",
                "{\"tag\":\"html\",\"children\":[{\"tag\":\"button\"}]}", "{\"role\":\"window\",\"name\":\"Invoices\"}");
        String a2 = frame(a, 2000, TestWebp.solid(1440, 900, 0xff996633), "{\"w\":1440,\"h\":900,\"scale\":2}", null, null);
        String b1 = frame(b, 500, TestWebp.solid(800, 600, 0xff000000), "{\"w\":800,\"h\":600,\"scale\":1.5}", "{}", null);
        String click = event(a, a1, 1000, "click",
                "{\"x\":612,\"y\":388,\"target\":{\"role\":\"button\",\"name\":\"Approve\"},\"modifiers\":[]}");
        String input = event(a, a2, 2000, "input_text", "{\"field\":\"amount\",\"value\":\"[masked]\"}");
        String wait = event(b, b1, 500, "wait", "{\"duration_ms\":1500,\"reason\":\"spinner\"}");
        rows = List.of(
                row(a, WORKFLOW, a1, 1000, click, null),
                row(a, WORKFLOW, a2, 2000, input, click),
                row(a, WORKFLOW, a2, 2000, null, null),
                row(b, WORKFLOW, b1, 500, wait, null),
                row(b, WORKFLOW, b1, 700, null, wait));
    }

    @ParameterizedTest
    @EnumSource(ExportFormat.class)
    void writesEveryFormatByteIdenticallyOnRerunWithTheShaOfTheStoredBytes(ExportFormat format) {
        ShardTask task = Shards.task(pool, Shards.newExportId(), workspace, format, destination("rerun/" + format + "/"), rows);

        ShardResult first = Shards.run(task, 1);
        byte[] firstBytes = object(s3, BUCKET, first.getPath());
        ShardResult second = Shards.run(task, 2);
        byte[] secondBytes = object(s3, BUCKET, second.getPath());

        assertTrue(first.getOk(), () -> "shard failed: " + first.getError());
        assertEquals(workspace + "/rerun/" + format + "/shard-000000." + Shards.extension(format), first.getPath());
        assertEquals(sha256(firstBytes), first.getSha256());
        assertEquals(firstBytes.length, first.getSizeBytes());
        assertEquals(5, first.getRows());
        assertEquals(3, first.getFrames());
        assertEquals(3, first.getActions());
        assertEquals(first.getSha256(), second.getSha256());
        assertArrayEquals(firstBytes, secondBytes);
    }

    @Test
    void duckDbReadsTheParquetShardWithTheRowsValuesInOrder(@TempDir Path dir) throws Exception {
        List<JsonNode> expected = jsonlRows(destination("duckdb/"));
        ShardResult result = Shards.run(Shards.task(pool, Shards.newExportId(), workspace, ExportFormat.parquet,
                destination("duckdb/"), rows), 1);
        assertTrue(result.getOk(), () -> "shard failed: " + result.getError());
        Path file = dir.resolve("shard.parquet");
        Files.write(file, object(s3, BUCKET, result.getPath()));

        List<List<Object>> read = new ArrayList<>();
        // the driver itself, not DriverManager: Quarkus' test class loader hides it from the service loader
        try (Connection duck = new org.duckdb.DuckDBDriver().connect("jdbc:duckdb:", new java.util.Properties());
             ResultSet rs = duck.createStatement().executeQuery("""
                     SELECT session_id, t_ms, frame.image_url, frame.viewport.w, frame.viewport.h, frame.viewport.scale,
                            frame.dom, frame.accessibility_tree, action.type, action.x, action.y, action.target.name,
                            action.payload, context.workflow, context.prior_action.type, context.outcome
                     FROM read_parquet('%s')""".formatted(file))) {
            while (rs.next()) {
                List<Object> r = new ArrayList<>();
                for (int c = 1; c <= 16; c++) {
                    r.add(rs.getObject(c));
                }
                read.add(r);
            }
        }

        assertEquals(expected.size(), read.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(columnsOf(expected.get(i)), normalise(read.get(i)), "row " + i);
        }
    }

    @Test
    void arrowJavaReadsTheIpcFileWithTheRowsValuesInOrder() throws Exception {
        List<JsonNode> expected = jsonlRows(destination("arrow/"));
        ShardResult result = Shards.run(Shards.task(pool, Shards.newExportId(), workspace, ExportFormat.arrow,
                destination("arrow/"), rows), 1);
        assertTrue(result.getOk(), () -> "shard failed: " + result.getError());
        byte[] bytes = object(s3, BUCKET, result.getPath());

        List<List<Object>> read = new ArrayList<>();
        try (var allocator = new RootAllocator();
             var reader = new ArrowFileReader(new SeekableReadChannel(new ByteArrayReadableSeekableByteChannel(bytes)), allocator)) {
            while (reader.loadNextBatch()) {
                VectorSchemaRoot root = reader.getVectorSchemaRoot();
                StructVector frame = (StructVector) root.getVector("frame");
                StructVector action = (StructVector) root.getVector("action");
                StructVector context = (StructVector) root.getVector("context");
                for (int i = 0; i < root.getRowCount(); i++) {
                    StructVector viewport = (StructVector) frame.getChild("viewport");
                    StructVector target = (StructVector) action.getChild("target");
                    StructVector prior = (StructVector) context.getChild("prior_action");
                    read.add(normalise(java.util.Arrays.asList(
                            root.getVector("session_id").getObject(i), root.getVector("t_ms").getObject(i),
                            frame.getChild("image_url").getObject(i), viewport.getChild("w").getObject(i),
                            viewport.getChild("h").getObject(i), viewport.getChild("scale").getObject(i),
                            frame.getChild("dom").getObject(i), frame.getChild("accessibility_tree").getObject(i),
                            action.getChild("type").getObject(i), action.getChild("x").getObject(i),
                            action.getChild("y").getObject(i), target.getChild("name").getObject(i),
                            action.getChild("payload").getObject(i), context.getChild("workflow").getObject(i),
                            prior.getChild("type").getObject(i), context.getChild("outcome").getObject(i))));
                }
            }
        }

        assertEquals(expected.size(), read.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(columnsOf(expected.get(i)), read.get(i), "row " + i);
        }
    }

    @Test
    void commonsCompressListsTheWebDatasetSamplesWithDecodableFrames() throws Exception {
        List<JsonNode> expected = jsonlRows(destination("wds/"));
        ShardResult result = Shards.run(Shards.task(pool, Shards.newExportId(), workspace, ExportFormat.webdataset,
                destination("wds/"), rows), 1);
        assertTrue(result.getOk(), () -> "shard failed: " + result.getError());

        List<String> names = new ArrayList<>();
        Map<String, byte[]> members = new HashMap<>();
        try (var tar = new TarArchiveInputStream(new ByteArrayInputStream(object(s3, BUCKET, result.getPath())))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                names.add(e.getName());
                members.put(e.getName(), tar.readAllBytes());
                assertEquals(0, e.getLongUserId());
                assertEquals("", e.getUserName());
                assertEquals(0100644, e.getMode());
            }
        }

        List<String> keys = new ArrayList<>();
        for (String name : names) {
            String key = name.substring(0, name.indexOf('.'));
            if (keys.isEmpty() || !keys.getLast().equals(key)) {
                assertFalse(keys.contains(key), "members of " + key + " are adjacent");
                keys.add(key);
            }
        }
        assertEquals(expected.size(), keys.size());
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            JsonNode row = expected.get(i);
            assertEquals(row, JSON.readTree(members.get(key + ".json")), "sample " + key);
            assertEquals(row.get("action"), JSON.readTree(members.get(key + ".action.json")));
            byte[] webp = members.get(key + ".frame.webp");
            assertTrue(TestWebp.isWebp(webp), key + ".frame.webp is a WebP file");
            String url = row.at("/frame/image_url").asText();
            assertEquals(url.substring(url.lastIndexOf('/') + 1), sha256(webp) + ".webp");
            assertArrayEquals(imagesBySha.get(sha256(webp)), webp);
        }
    }

    @Test
    void streamsALargeWebDatasetShardThroughSeveralMultipartParts() {
        String session = IdPrefix.SESSION.newId();
        Catalog.sealedSession(pool, session, workspace, WORKFLOW, "success");
        Random random = new Random(7);
        List<Catalog.PlanRef> large = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            byte[] noise = new byte[900 * 1024];
            random.nextBytes(noise);
            String frameId = frame(session, i * 100L, TestWebp.riff("VP8 ", noise), "{\"w\":1440,\"h\":900,\"scale\":1}", null, null);
            large.add(row(session, WORKFLOW, frameId, i * 100L, null, null));
        }

        ShardResult result = Shards.run(Shards.task(pool, Shards.newExportId(), workspace, ExportFormat.webdataset,
                destination("large/" + session + "/"), large), 1);

        assertTrue(result.getOk(), () -> "shard failed: " + result.getError());
        byte[] shard = object(s3, BUCKET, result.getPath());
        assertTrue(shard.length > 4 * 5 * 1024 * 1024, "more than four 5 MiB parts: " + shard.length);
        assertEquals(shard.length, result.getSizeBytes());
        assertEquals(sha256(shard), result.getSha256());
        assertEquals(24, result.getRows());
    }

    @Test
    void aRefusingDestinationFailsTheShardNamingItAndTheNextTaskIsWritten() {
        ShardTask refused = Shards.task(pool, Shards.newExportId(), workspace, ExportFormat.parquet,
                S3Destination.newBuilder().setBucket("no-such-bucket-" + workspace.toLowerCase().substring(4, 14))
                        .setPrefix("p/").setEndpoint(store.endpoint()).build(), rows);
        ShardTask next = Shards.task(pool, Shards.newExportId(), workspace, ExportFormat.parquet, destination("after-refusal/"), rows);

        ShardResult failed = Shards.run(refused, 1);
        ShardResult ok = Shards.run(next, 1);

        assertFalse(failed.getOk());
        assertTrue(failed.getError().startsWith("destination s3://no-such-bucket-"), failed.getError());
        assertNull(failed.getPath());
        assertTrue(ok.getOk(), () -> "shard failed: " + ok.getError());
    }

    // ---------- fixtures ----------

    private List<JsonNode> jsonlRows(S3Destination destination) throws Exception {
        ShardResult result = Shards.run(Shards.task(pool, Shards.newExportId(), workspace, ExportFormat.jsonl, destination, rows), 1);
        assertTrue(result.getOk(), () -> "shard failed: " + result.getError());
        List<JsonNode> parsed = new ArrayList<>();
        for (String line : new String(object(s3, BUCKET, result.getPath()), StandardCharsets.UTF_8).split("\n")) {
            parsed.add(JSON.readTree(line));
        }
        return parsed;
    }

    /** The columns the readers are asked for, taken from a JSONL row. */
    private static List<Object> columnsOf(JsonNode row) throws Exception {
        JsonNode frame = row.get("frame");
        JsonNode action = row.get("action");
        Object payload = null;
        if (!action.isNull()) {
            ObjectNode fields = action.deepCopy();
            fields.remove("type");
            payload = fields.toString();
        }
        return normalise(java.util.Arrays.asList(row.get("session_id").asText(), row.get("t_ms").asLong(),
                frame.get("image_url").asText(), frame.at("/viewport/w").asInt(), frame.at("/viewport/h").asInt(),
                frame.at("/viewport/scale").asDouble(), text(frame.get("dom")), text(frame.get("accessibility_tree")),
                action.isNull() ? null : action.get("type").asText(),
                action.isNull() || !action.has("x") ? null : action.get("x").asDouble(),
                action.isNull() || !action.has("y") ? null : action.get("y").asDouble(),
                action.isNull() ? null : text(action.at("/target/name")), payload,
                row.at("/context/workflow").asText(), text(row.at("/context/prior_action/type")),
                row.at("/context/outcome").asText()));
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : node.isTextual() ? node.asText() : node.toString();
    }

    /** Readers hand back their own types (Text, Integer vs Long): compare as strings/longs/doubles. */
    private static List<Object> normalise(List<Object> values) {
        List<Object> out = new ArrayList<>();
        for (Object v : values) {
            if (v == null) {
                out.add(null);
            } else if (v instanceof Double || v instanceof Float) {
                out.add(((Number) v).doubleValue());
            } else if (v instanceof Number n) {
                out.add(n.longValue());
            } else {
                out.add(v.toString());
            }
        }
        return out;
    }

    private S3Destination destination(String prefix) {
        return S3Destination.newBuilder().setBucket(BUCKET).setPrefix(workspace + "/" + prefix).setRegion("us-east-1")
                .setEndpoint(store.endpoint()).build();
    }

    private String frame(String session, long tMs, byte[] image, String viewport, String dom, String ax) {
        String id = IdPrefix.FRAME.newId();
        String sha = Shards.putImage(s3, store.bucket(), image);
        imagesBySha.put(sha, image);
        Catalog.frame(pool, id, session, workspace, tMs, store.bucket(), sha, image.length, viewport, dom, ax);
        return id;
    }

    private String event(String session, String frameId, long tMs, String type, String payload) {
        String id = IdPrefix.EVENT.newId();
        Catalog.event(pool, id, session, workspace, frameId, tMs, type, payload);
        return id;
    }
}
