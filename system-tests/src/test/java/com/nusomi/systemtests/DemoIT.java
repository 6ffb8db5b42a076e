package com.nusomi.systemtests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;

/**
 * The README's demo ({@code ./nusomi demo} runs {@code sdk-typescript/dist/demo/demo.js}) end to end against the
 * platform this JVM started: it records the sample app (in headless Chromium when one is installed), and both
 * exports land in the object store with manifests whose SHA-256 match the stored bytes. Skipped only without npm.
 */
@ExtendWith(RunningPlatform.class)
class DemoIT {
    private static final List<String> CHROMIUM = List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome");
    private static final Pattern MANIFEST_LINE = Pattern.compile("^4\\. (webdataset|parquet) manifest (s3://\\S+)$", Pattern.MULTILINE);

    @Test
    void theDemoRecordsExportsAndPrintsBothManifests(RunningPlatform.Handle platform) throws Exception {
        TypeScriptSdk.Run run = runDemo(platform, "demo");
        if (chromiumOnPath()) {
            assertTrue(run.output().contains("in headless Chromium"), "Chromium is installed, so the demo records with it:\n" + run.tail());
        }
    }

    @Test
    void withoutABrowserTheDemoRecordsGeneratedWebpFrames(RunningPlatform.Handle platform) throws Exception {
        TypeScriptSdk.Run run = runDemo(platform, "demo-no-browser", "--no-browser");
        assertTrue(run.output().contains("with generated frames"), run.tail());
    }

    /** Runs the demo in a workspace of its own and checks what it left: the recording, both exports, their manifests. */
    private static TypeScriptSdk.Run runDemo(RunningPlatform.Handle platform, String name, String... args) throws Exception {
        Assumptions.assumeTrue(TypeScriptSdk.npm().isPresent(), "npm not found on PATH: the demo test is skipped");
        TypeScriptSdk.prepare();
        TypeScriptSdk.Installation installation = TypeScriptSdk.install(platform, name);
        List<String> command = new ArrayList<>(List.of("dist/demo/demo.js"));
        command.addAll(List.of(args));

        TypeScriptSdk.Run run = TypeScriptSdk.node(Map.of("NUSOMI_HOME", installation.home().toString()), name,
                command.toArray(String[]::new));

        assertEquals(0, run.exitCode(), "the demo failed (full output in " + run.log() + "):\n" + run.tail());
        String out = run.output();
        assertTrue(out.contains("wds.WebDataset(") && out.contains("load_dataset(") && out.contains("\"parquet\""), "the Python snippet:\n" + run.tail());

        // the recording, as the API shows it
        var api = new Api(installation.gatewayUrl(), installation.adminKey());
        JsonNode sessions = api.get("/v1/sessions?workflow=process_invoice").body().path("data");
        assertEquals(1, sessions.size(), sessions.toString());
        JsonNode session = sessions.get(0);
        assertEquals("sealed", session.path("status").asText(), session.toString());
        assertEquals("success", session.path("outcome").asText(), session.toString());
        assertEquals(5, session.path("frame_count").asInt(), session.toString());
        List<String> types = new ArrayList<>();
        JsonNode events = api.get("/v1/sessions/" + session.path("id").asText() + "/events").body().path("data");
        events.forEach(e -> types.add(e.path("type").asText()));
        // the demo tags its session (the run's tag, before the first step): the tag is an event too (SPEC §2 "tag")
        assertEquals(List.of("tag", "navigate", "click", "navigate", "click", "validation_error", "click", "input_text", "click",
                "submit", "success"), types);
        assertTrue(events.get(0).path("payload").path("name").asText().startsWith("demo-"), events.get(0).toString());

        // both exports completed, each manifest printed by the demo and whole in the bucket
        Map<String, String> printed = new TreeMap<>();
        Matcher m = MANIFEST_LINE.matcher(out);
        while (m.find()) {
            printed.put(m.group(1), m.group(2));
        }
        JsonNode exports = api.get("/v1/exports").body().path("data");
        assertEquals(2, exports.size(), exports.toString());
        Map<String, JsonNode> byFormat = new TreeMap<>();
        exports.forEach(e -> byFormat.put(e.path("format").asText(), e));
        assertEquals(List.of("parquet", "webdataset"), List.copyOf(byFormat.keySet()));
        for (var entry : byFormat.entrySet()) {
            JsonNode export = entry.getValue();
            assertEquals("completed", export.path("status").asText(), export.toString());
            String manifestUrl = export.path("manifest_url").asText();
            assertEquals(manifestUrl, printed.get(entry.getKey()), "the demo printed the " + entry.getKey() + " manifest");
            String bucket = manifestUrl.substring("s3://".length(), manifestUrl.indexOf('/', "s3://".length()));
            String key = manifestUrl.substring(manifestUrl.indexOf('/', "s3://".length()) + 1);
            JsonNode manifest = Api.JSON.readTree(get(platform, bucket, key));
            assertEquals(export.path("id").asText(), manifest.path("export_id").asText());
            assertEquals(entry.getKey(), manifest.path("format").asText());
            assertEquals(types.size(), manifest.path("rows").asInt(), "one row per event (event_only), the tag's too: " + manifest);
            String prefix = key.substring(0, key.length() - "manifest.json".length());
            assertTrue(manifest.path("files").size() >= 1, manifest.toString());
            for (JsonNode file : manifest.path("files")) {
                byte[] bytes = get(platform, bucket, prefix + file.path("path").asText());
                assertEquals(file.path("sha256").asText(), sha256(bytes), file.toString());
                assertEquals(file.path("size_bytes").asLong(), bytes.length, file.toString());
                if (entry.getKey().equals("parquet")) {
                    assertArrayEquals("PAR1".getBytes(StandardCharsets.US_ASCII), Arrays.copyOf(bytes, 4));
                    assertArrayEquals("PAR1".getBytes(StandardCharsets.US_ASCII), Arrays.copyOfRange(bytes, bytes.length - 4, bytes.length));
                } else {
                    assertWebdatasetOfWebps(bytes);
                }
            }
        }
        return run;
    }

    /** Every row of the tar has its frame, a real WebP (RIFF…WEBP), and its action. */
    private static void assertWebdatasetOfWebps(byte[] tar) {
        int frames = 0;
        int actions = 0;
        for (int at = 0; at + 512 <= tar.length && tar[at] != 0; ) {
            String name = new String(tar, at, 100, StandardCharsets.US_ASCII).replace("\0", "");
            long size = Long.parseLong(new String(tar, at + 124, 12, StandardCharsets.US_ASCII).replace("\0", "").trim(), 8);
            int data = at + 512;
            if (name.endsWith(".frame.webp")) {
                frames++;
                assertEquals("RIFF", new String(tar, data, 4, StandardCharsets.US_ASCII), name);
                assertEquals("WEBP", new String(tar, data + 8, 4, StandardCharsets.US_ASCII), name);
            } else if (name.endsWith(".action.json")) {
                actions++;
            }
            at = data + (int) ((size + 511) / 512 * 512);
        }
        assertEquals(11, frames, "a frame per row (ten steps and the run's tag)");
        assertEquals(11, actions, "an action per row");
    }

    private static byte[] get(RunningPlatform.Handle platform, String bucket, String key) {
        return platform.s3().getObjectAsBytes(GetObjectRequest.builder().bucket(bucket).key(key).build()).asByteArray();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static boolean chromiumOnPath() {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(dir -> CHROMIUM.stream().anyMatch(name -> Files.isExecutable(Path.of(dir.isEmpty() ? "." : dir, name))));
    }
}
