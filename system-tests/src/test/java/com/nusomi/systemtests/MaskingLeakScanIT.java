package com.nusomi.systemtests;

import static com.nusomi.systemtests.Api.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.luciad.imageio.webp.WebPImageReaderSpi;
import com.luciad.imageio.webp.WebPReader;
import com.nusomi.captureagent.cdp.Browser;
import com.nusomi.captureagent.cdp.CdpConnection;
import com.sun.net.httpserver.HttpServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The leak scan (issue 10): a workspace sets its masking rules through the API, the real capture agent records a page
 * of our own in a real Chromium while CDP types a card number, an email, an SSN, a one-time code, a password and a
 * value of the workspace's own pattern into it; after the session sealed, no stored byte holds any of them — every
 * object in the store, every record (key, value, headers) on every topic, every row of every table of every schema in
 * PostgreSQL — in their typed form nor as bare digits. Frames whose stored {@code dom} shows a masked field have that
 * field's region flat (blurred) in the stored WebP.
 */
@ExtendWith(RunningPlatform.class)
class MaskingLeakScanIT {
    private static final String CARD = "4000 0566 5566 5556";
    private static final String EMAIL = "leak.scan.planted@example.org";
    private static final String SSN = "219-09-9999";
    private static final String OTP = "80642719";
    private static final String PASSWORD = "Pl4nted-Passw0rd!";
    private static final String CUSTOM = "INV-SECRET-99173";
    /** What must appear nowhere: the typed values and the bare digits of the card and the SSN. */
    private static final List<String> PLANTED = List.of(CARD, CARD.replace(" ", ""), EMAIL, SSN, SSN.replace("-", ""), OTP,
            PASSWORD, CUSTOM);

    private static final String PAGE = """
            <!doctype html><html><head><title>Checkout</title>
            <style>body{font:20px sans-serif;margin:20px} label{display:block;margin:10px 0} input{font:20px monospace;width:420px}</style>
            </head><body><h1>Checkout</h1>
            <form id="pay" onsubmit="event.preventDefault();document.getElementById('done').hidden=false">
              <label>Card number <input id="card" name="card_number" autocomplete="cc-number" inputmode="numeric"></label>
              <label>Email <input id="email" name="contact" type="email"></label>
              <label>Tax id <input id="ssn" name="tax_id"></label>
              <label>Code <input id="otp" name="code" autocomplete="one-time-code"></label>
              <label>Password <input id="pw" name="pw" type="password"></label>
              <label>Reference <input id="ref" name="reference"></label>
              <button id="submit" type="submit">Pay</button>
            </form><p id="done" hidden>Thank you</p></body></html>""";

    @Test
    void noPlantedValueIsStoredAnywhere(RunningPlatform.Handle platform) throws Exception {
        String chromium = BrowserFixture.chromiumOrSkip();
        String adminKey = BrowserFixture.workspace(platform, "leak-scan");
        var api = BrowserFixture.api(platform, adminKey);
        var rules = put(platform.gatewayUrl() + "/v1/masking-rules", adminKey, """
                {"rules": [{"kind": "credit_card"}, {"kind": "email"}, {"kind": "ssn"}, {"kind": "regex", "pattern": "INV-SECRET-\\\\d+"}]}""");
        assertEquals(200, rules.statusCode(), rules.body());

        HttpServer site = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        site.createContext("/", exchange -> {
            byte[] body = PAGE.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        site.start();
        String sessionId;
        try (Browser browser = Browser.launch(chromium, BrowserFixture.WINDOW);
             CdpConnection cdp = CdpConnection.open(browser.webSocketUrl())) {
            try (var agent = BrowserFixture.record(platform, adminKey, browser, "checkout", Path.of("target", "leak-scan-agent.log"))) {
                sessionId = agent.sessionId();
                String target = cdp.call("Target.createTarget", CdpConnection.params().put("url", "about:blank"), null)
                        .path("targetId").asText();
                String tab = cdp.call("Target.attachToTarget", CdpConnection.params().put("targetId", target).put("flatten", true),
                        null).path("sessionId").asText();
                cdp.call("Page.enable", null, tab);
                cdp.call("Page.navigate", CdpConnection.params().put("url", "http://127.0.0.1:" + site.getAddress().getPort() + "/"), tab);
                await(cdp, tab, "document.readyState === 'complete' && !!document.getElementById('card')");
                Thread.sleep(1_000);
                type(cdp, tab, "#card", CARD);
                type(cdp, tab, "#email", EMAIL);
                type(cdp, tab, "#ssn", SSN);
                type(cdp, tab, "#otp", OTP);
                type(cdp, tab, "#pw", PASSWORD);
                type(cdp, tab, "#ref", CUSTOM);
                Thread.sleep(1_500); // frames of the filled form
                key(cdp, tab, "Enter"); // submits the form
                await(cdp, tab, "!document.getElementById('done').hidden");
                Thread.sleep(1_500);
                agent.stop(); // SIGTERM
            }
        } finally {
            site.stop(0);
        }
        JsonNode session = ExportShards.awaitSession(api, sessionId, Duration.ofMinutes(3));
        assertTrue(session.path("frame_count").asLong() > 0, session.toString());
        Thread.sleep(3_000); // projections and the extractor catch up

        List<String> leaks = new ArrayList<>();
        int objects = scanObjectStore(platform, leaks);
        long records = scanTopics(platform, leaks);
        long rows = scanDatabase(platform, leaks);
        assertTrue(objects > 0 && records > 0 && rows > 0, objects + " objects, " + records + " records, " + rows + " rows");
        assertEquals(List.of(), leaks, "planted values found in storage");

        checkPixels(api, sessionId);
    }

    // ---------- the scans ----------

    private static int scanObjectStore(RunningPlatform.Handle platform, List<String> leaks) {
        int count = 0;
        String bucket = platform.infra().bucket();
        for (var page : platform.s3().listObjectsV2Paginator(b -> b.bucket(bucket))) {
            for (var object : page.contents()) {
                byte[] bytes = platform.s3().getObjectAsBytes(b -> b.bucket(bucket).key(object.key())).asByteArray();
                find("s3://" + bucket + "/" + object.key(), bytes, leaks);
                find("s3 key " + object.key(), object.key().getBytes(StandardCharsets.UTF_8), leaks);
                count++;
            }
        }
        return count;
    }

    private static long scanTopics(RunningPlatform.Handle platform, List<String> leaks) throws Exception {
        long count = 0;
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, platform.infra().kafkaBootstrap());
        List<String> topics;
        try (Admin a = Admin.create(admin)) {
            topics = new ArrayList<>(a.listTopics().names().get(30, TimeUnit.SECONDS));
        }
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.infra().kafkaBootstrap());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted"); // aborted transactions are stored bytes too
        try (var consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            for (String topic : topics) {
                List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                var end = consumer.endOffsets(partitions);
                long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
                while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                    for (var rec : consumer.poll(Duration.ofMillis(500))) {
                        String where = rec.topic() + "-" + rec.partition() + "@" + rec.offset();
                        if (rec.key() != null) {
                            find(where + " key", rec.key(), leaks);
                        }
                        if (rec.value() != null) {
                            find(where, rec.value(), leaks);
                        }
                        rec.headers().forEach(h -> find(where + " header " + h.key(), h.value(), leaks));
                        count++;
                    }
                }
            }
        }
        return count;
    }

    private static long scanDatabase(RunningPlatform.Handle platform, List<String> leaks) throws Exception {
        long count = 0;
        var infra = platform.infra();
        try (var db = DriverManager.getConnection(infra.jdbcUrl(), infra.dbUser(), infra.dbPassword())) {
            List<String> tables = new ArrayList<>();
            try (var rs = db.createStatement().executeQuery("SELECT table_schema, table_name FROM information_schema.tables "
                    + "WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')")) {
                while (rs.next()) {
                    tables.add("\"" + rs.getString(1) + "\".\"" + rs.getString(2) + "\"");
                }
            }
            for (String table : tables) {
                try (var rs = db.createStatement().executeQuery("SELECT t::text FROM " + table + " t")) {
                    while (rs.next()) {
                        String row = rs.getString(1);
                        find(table, row.getBytes(StandardCharsets.UTF_8), leaks);
                        // bytea columns print as hex: look for the planted values' hex too
                        find(table + " (hex)", row.getBytes(StandardCharsets.UTF_8), leaks, true);
                        count++;
                    }
                }
            }
        }
        return count;
    }

    private static void find(String where, byte[] bytes, List<String> leaks) {
        find(where, bytes, leaks, false);
    }

    private static void find(String where, byte[] bytes, List<String> leaks, boolean hex) {
        for (String planted : PLANTED) {
            List<byte[]> forms = new ArrayList<>();
            if (hex) {
                forms.add(java.util.HexFormat.of().formatHex(planted.getBytes(StandardCharsets.UTF_8)).getBytes(StandardCharsets.US_ASCII));
            } else {
                forms.add(planted.getBytes(StandardCharsets.UTF_8));
                forms.add(planted.getBytes(StandardCharsets.UTF_16LE));
                forms.add(java.util.Base64.getEncoder().encodeToString(planted.getBytes(StandardCharsets.UTF_8))
                        .replace("=", "").getBytes(StandardCharsets.US_ASCII));
            }
            for (byte[] needle : forms) {
                if (indexOf(bytes, needle) >= 0) {
                    leaks.add(planted + " in " + where);
                }
            }
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    // ---------- pixels ----------

    /**
     * For every frame whose stored {@code dom} holds a masked form field, that field's region of the stored image is flat
     * (the typed text is gone). Frames carry a DOM snapshot once the capture agent sends one; until then there is
     * nothing to check here (capture-ingest's MaskedCaptureTest proves the blur with a DOM of its own).
     */
    private static void checkPixels(Api api, String sessionId) throws Exception {
        int checked = 0;
        JsonNode frames = api.get("/v1/sessions/" + sessionId + "/frames?limit=500").body().path("data");
        for (JsonNode frame : frames) {
            JsonNode dom = frame.path("dom");
            if (!dom.isObject()) {
                continue;
            }
            BufferedImage image = null;
            double scale = frame.path("viewport").path("scale").asDouble(1.0);
            for (JsonNode node : dom.path("nodes")) {
                if (!"[masked]".equals(node.path("value").asText()) || !node.path("bounds").isObject()) {
                    continue;
                }
                if (image == null) {
                    image = decode(Api.fetch(frame.path("image_url").asText()));
                }
                JsonNode b = node.path("bounds");
                int x = (int) Math.ceil(b.path("x").asDouble() * scale) + 1;
                int y = (int) Math.ceil(b.path("y").asDouble() * scale) + 1;
                int w = Math.min(image.getWidth() - x, (int) Math.floor(b.path("w").asDouble() * scale) - 2);
                int h = Math.min(image.getHeight() - y, (int) Math.floor(b.path("h").asDouble() * scale) - 2);
                if (w <= 2 || h <= 2) {
                    continue;
                }
                double sd = stddev(image, x, y, w, h);
                assertTrue(sd < 8, "masked field " + node.path("selector").asText() + " of frame " + frame.path("id").asText()
                        + " is not blurred (grey stddev " + sd + ")");
                checked++;
            }
        }
        System.out.println("MaskingLeakScanIT: " + checked + " masked field region(s) checked in the stored frames");
    }

    private static BufferedImage decode(byte[] webp) throws Exception {
        WebPReader reader = new WebPReader(new WebPImageReaderSpi());
        try (var in = new MemoryCacheImageInputStream(new ByteArrayInputStream(webp))) {
            reader.setInput(in, true, true);
            return reader.read(0, null);
        } finally {
            reader.dispose();
        }
    }

    private static double stddev(BufferedImage image, int x, int y, int w, int h) {
        double sum = 0;
        double squares = 0;
        for (int j = y; j < y + h; j++) {
            for (int i = x; i < x + w; i++) {
                int p = image.getRGB(i, j);
                int grey = (299 * ((p >> 16) & 0xff) + 587 * ((p >> 8) & 0xff) + 114 * (p & 0xff)) / 1000;
                sum += grey;
                squares += (double) grey * grey;
            }
        }
        double n = (double) w * h;
        return Math.sqrt(Math.max(0, squares / n - (sum / n) * (sum / n)));
    }

    // ---------- driving ----------

    private static void type(CdpConnection cdp, String tab, String selector, String text) throws InterruptedException {
        cdp.call("Runtime.evaluate", CdpConnection.params().put("expression", "document.querySelector('" + selector + "').focus()"), tab);
        for (char c : text.toCharArray()) {
            String key = String.valueOf(c);
            cdp.call("Input.dispatchKeyEvent", CdpConnection.params().put("type", "keyDown").put("key", key).put("text", key), tab);
            cdp.call("Input.dispatchKeyEvent", CdpConnection.params().put("type", "keyUp").put("key", key), tab);
        }
        Thread.sleep(200);
    }

    private static void key(CdpConnection cdp, String tab, String key) {
        cdp.call("Input.dispatchKeyEvent", CdpConnection.params().put("type", "keyDown").put("key", key).put("code", key)
                .put("windowsVirtualKeyCode", 13).put("text", "\r"), tab);
        cdp.call("Input.dispatchKeyEvent", CdpConnection.params().put("type", "keyUp").put("key", key).put("code", key)
                .put("windowsVirtualKeyCode", 13), tab);
    }

    private static void await(CdpConnection cdp, String tab, String condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode result = cdp.call("Runtime.evaluate", CdpConnection.params().put("expression", condition)
                    .put("returnByValue", true), tab);
            if (result.path("result").path("value").asBoolean(false)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the page never got to: " + condition);
    }


    private static HttpResponse<String> put(String url, String key, String json) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + key)
                    .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }
}
