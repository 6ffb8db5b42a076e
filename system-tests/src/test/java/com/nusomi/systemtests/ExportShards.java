package com.nusomi.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.time.Duration;
import java.time.Instant;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.SeekableReadChannel;
import org.apache.arrow.vector.util.ByteArrayReadableSeekableByteChannel;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Reads export shards the way a user's own tools do, with readers this project did not write: DuckDB JDBC for
 * Parquet, Arrow Java for IPC files, commons-compress for WebDataset tars, Jackson for JSONL. Every format comes back
 * as the same few columns, so one expectation checks them all.
 */
final class ExportShards {
    private ExportShards() {}

    /** The columns the tests check, as each reader hands them back. */
    record Row(String sessionId, long tMs, String actionType, String priorActionType, String imageUrl, String workflow,
               String outcome) {}

    /**
     * The rows of one shard, in file order. For WebDataset also checks what a webdataset loader relies on: a row's
     * members adjacent, keys without dots, {@code <key>.frame.webp} the bytes {@code image_url} names (its SHA-256),
     * {@code <key>.action.json} the row's action.
     */
    static List<Row> read(String format, byte[] shard, Path scratch) throws Exception {
        return switch (format) {
            case "jsonl" -> jsonl(shard);
            case "parquet" -> parquet(shard, scratch);
            case "arrow" -> arrow(shard);
            case "webdataset" -> webdataset(shard);
            default -> throw new IllegalArgumentException("format " + format);
        };
    }

    private static List<Row> jsonl(byte[] shard) throws IOException {
        List<Row> rows = new ArrayList<>();
        String text = new String(shard, StandardCharsets.UTF_8);
        assertTrue(text.isEmpty() || text.endsWith("\n"), "every JSONL row ends with a newline");
        for (String line : text.split("\n")) {
            if (!line.isEmpty()) {
                rows.add(fromJson(Api.JSON.readTree(line)));
            }
        }
        return rows;
    }

    private static Row fromJson(JsonNode row) {
        JsonNode action = row.path("action");
        JsonNode prior = row.path("context").path("prior_action");
        return new Row(row.path("session_id").asText(), row.path("t_ms").asLong(),
                action.isNull() ? null : action.path("type").asText(),
                prior.isNull() || prior.isMissingNode() ? null : prior.path("type").asText(),
                row.path("frame").isNull() ? null : row.path("frame").path("image_url").asText(),
                row.path("context").path("workflow").asText(), row.path("context").path("outcome").asText());
    }

    private static List<Row> parquet(byte[] shard, Path scratch) throws Exception {
        Path file = Files.createTempFile(scratch, "shard-", ".parquet");
        Files.write(file, shard);
        List<Row> rows = new ArrayList<>();
        try (var duck = DriverManager.getConnection("jdbc:duckdb:");
             var statement = duck.createStatement();
             ResultSet r = statement.executeQuery("SELECT session_id, t_ms, action.type, context.prior_action.type, "
                     + "frame.image_url, context.workflow, context.outcome FROM read_parquet('"
                     + file.toString().replace("'", "''") + "')")) {
            while (r.next()) {
                rows.add(new Row(r.getString(1), r.getLong(2), r.getString(3), r.getString(4), r.getString(5),
                        r.getString(6), r.getString(7)));
            }
        } finally {
            Files.deleteIfExists(file);
        }
        return rows;
    }

    private static List<Row> arrow(byte[] shard) throws IOException {
        List<Row> rows = new ArrayList<>();
        try (var allocator = new RootAllocator();
             var reader = new ArrowFileReader(new SeekableReadChannel(new ByteArrayReadableSeekableByteChannel(shard)), allocator)) {
            while (reader.loadNextBatch()) {
                VectorSchemaRoot root = reader.getVectorSchemaRoot();
                StructVector frame = (StructVector) root.getVector("frame");
                StructVector action = (StructVector) root.getVector("action");
                StructVector context = (StructVector) root.getVector("context");
                StructVector prior = (StructVector) context.getChild("prior_action");
                for (int i = 0; i < root.getRowCount(); i++) {
                    rows.add(new Row(text(root.getVector("session_id").getObject(i)),
                            ((Number) root.getVector("t_ms").getObject(i)).longValue(),
                            action.isNull(i) ? null : text(action.getChild("type").getObject(i)),
                            prior.isNull(i) ? null : text(prior.getChild("type").getObject(i)),
                            frame.isNull(i) ? null : text(frame.getChild("image_url").getObject(i)),
                            text(context.getChild("workflow").getObject(i)), text(context.getChild("outcome").getObject(i))));
                }
            }
        }
        return rows;
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static List<Row> webdataset(byte[] shard) throws IOException {
        Map<String, Map<String, byte[]>> samples = new LinkedHashMap<>();
        Set<String> closed = new HashSet<>();
        String current = null;
        try (var tar = new TarArchiveInputStream(new ByteArrayInputStream(shard))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String name = entry.getName();
                int dot = name.indexOf('.');
                assertTrue(dot > 0, "a member named <key>.<ext>: " + name);
                String key = name.substring(0, dot);
                if (!key.equals(current)) {
                    assertFalse(closed.contains(key), "the members of " + key + " are adjacent");
                    if (current != null) {
                        closed.add(current);
                    }
                    current = key;
                }
                samples.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(name.substring(dot + 1), tar.readAllBytes());
            }
        }
        List<Row> rows = new ArrayList<>();
        for (var sample : samples.entrySet()) {
            Map<String, byte[]> members = sample.getValue();
            assertTrue(members.containsKey("json") && members.containsKey("action.json"), sample.getKey() + ": " + members.keySet());
            JsonNode row = Api.JSON.readTree(members.get("json"));
            assertEquals(row.path("action"), Api.JSON.readTree(members.get("action.json")), sample.getKey() + ".action.json");
            byte[] image = members.get("frame.webp");
            if (row.path("frame").isNull()) {
                assertTrue(image == null, sample.getKey() + " has no frame and no image");
            } else {
                assertTrue(image != null, sample.getKey() + ".frame.webp");
                assertTrue(row.path("frame").path("image_url").asText().endsWith("/frames/" + sha256(image) + ".webp"),
                        sample.getKey() + ".frame.webp is the image its row names");
            }
            rows.add(fromJson(row));
        }
        return rows;
    }

    /** A completed export as its destination holds it: the manifest and each file's bytes, in manifest order. */
    record Stored(JsonNode manifest, List<byte[]> files) {}

    /**
     * Reads {@code <prefix>manifest.json} and every file it lists from {@code bucket} of the local store, checking
     * what a user checks first: each file's size and SHA-256 are the stored bytes'.
     */
    static Stored fetch(S3Client s3, String bucket, String prefix) throws IOException {
        JsonNode manifest = Api.JSON.readTree(s3.getObjectAsBytes(b -> b.bucket(bucket).key(prefix + "manifest.json")).asByteArray());
        List<byte[]> files = new ArrayList<>();
        for (JsonNode file : manifest.path("files")) {
            byte[] bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(prefix + file.path("path").asText())).asByteArray();
            assertEquals(file.path("size_bytes").asLong(), bytes.length, "size of " + file);
            assertEquals(file.path("sha256").asText(), sha256(bytes), "sha256 of " + file);
            files.add(bytes);
        }
        assertEquals(manifest.path("shards").asInt(), files.size(), "one file per shard");
        return new Stored(manifest, files);
    }

    /** Every row of a stored export, file after file, each file's row count as the manifest says. */
    static List<Row> rows(Stored export, Path scratch) throws Exception {
        String format = export.manifest().path("format").asText();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < export.files().size(); i++) {
            List<Row> inFile = read(format, export.files().get(i), scratch);
            assertEquals(export.manifest().path("files").get(i).path("rows").asLong(), inFile.size(),
                    "rows of " + export.manifest().path("files").get(i));
            rows.addAll(inFile);
        }
        assertEquals(export.manifest().path("rows").asLong(), rows.size(), "the manifest's row count");
        return rows;
    }

    /**
     * A new session of {@code workflow}, started. A session command may answer 5xx "did not answer within 10 s; it
     * may still apply it" on a loaded machine: as that error says, read the session, then retry.
     */
    static String startedSession(Api api, String workflow) {
        String id = null;
        for (int attempt = 0; id == null; attempt++) {
            var created = api.post("/v1/sessions", Api.map("workflow", workflow, "actor", Api.map("kind", "script")));
            if (created.status() == 201) {
                id = created.body().path("id").asText();
            } else {
                assertTrue(created.status() >= 500 && attempt < 5, created.toString());
                pause();
            }
        }
        command(api, id, "start", "recording");
        return id;
    }

    /** {@code POST /v1/sessions/{id}/<verb>}, retried after a 5xx unless the session already shows its effect. */
    static void command(Api api, String id, String verb, String... reached) {
        for (int attempt = 0; ; attempt++) {
            var answer = api.post("/v1/sessions/" + id + "/" + verb, Api.map());
            if (answer.status() == 200) {
                return;
            }
            String status = api.get("/v1/sessions/" + id).body().path("status").asText();
            if (List.of(reached).contains(status)) {
                return;
            }
            assertTrue(answer.status() >= 500 && attempt < 5, verb + " " + id + ": " + answer);
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static JsonNode awaitExport(Api api, String id, Duration within) {
        return await(() -> api.get("/v1/exports/" + id).body(),
                e -> List.of("completed", "failed").contains(e.path("status").asText()), "export " + id, within);
    }

    static JsonNode awaitSession(Api api, String id, Duration within) {
        return await(() -> api.get("/v1/sessions/" + id).body(), s -> "sealed".equals(s.path("status").asText()),
                "session " + id, within);
    }

    static JsonNode await(Supplier<JsonNode> read, Predicate<JsonNode> condition, String what, Duration within) {
        Instant deadline = Instant.now().plus(within);
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            last = read.get();
            if (condition.test(last)) {
                return last;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError(what + " never reached the expected state within " + within + "; last seen " + last);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
