package com.nusomi.captureingest.masking;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nusomi.imagekit.WebpCodec;
import com.nusomi.devstack.DevStackResource;
import com.nusomi.devstack.testing.TopicReader;
import com.nusomi.captureingest.support.CatalogSessions;
import com.nusomi.contracts.Headers;
import com.nusomi.contracts.IdPrefix;
import com.nusomi.contracts.Masking;
import com.nusomi.contracts.Topic;
import com.nusomi.contracts.avro.MaskingRuleSet;
import com.nusomi.contracts.avro.MaskingRuleSpec;
import com.nusomi.contracts.avro.SignalUpload;
import com.nusomi.kit.objectstore.ObjectStoreConfig;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Masking end to end in capture-ingest, on the devstack's Kafka, registry, PostgreSQL and object store: a workspace's
 * rules arrive on {@code nusomi.masking.rules} (as api-gateway publishes them), then signals (HTTP and the inbound
 * topic) and frames (snapshots and pixels) are stored masked; poison on the inbound topic is dead-lettered and the
 * consumer goes on.
 */
@QuarkusTest
@QuarkusTestResource(value = DevStackResource.class)
class MaskedCaptureTest {
    private static final String WORKSPACE = IdPrefix.WORKSPACE.newId();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CARD = "4242 4242 4242 4242";
    private static final String EMAIL = "alice.planted@example.com";
    private static final String SSN = "078-05-1120";
    private static final String CUSTOM = "INV-SECRET-7781";

    @Inject
    Pool pool;
    @Inject
    MaskingRuleBook ruleBook;
    @Inject
    S3Client s3;
    @Inject
    ObjectStoreConfig objectStore;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @ConfigProperty(name = "mp.messaging.connector.smallrye-kafka.apicurio.registry.url")
    String registryUrl;

    private static boolean rulesPublished;

    @BeforeEach
    void catalogAndRules() throws Exception {
        CatalogSessions.ensureSchema();
        if (!rulesPublished) {
            // as api-gateway publishes a PUT /v1/masking-rules: the workspace's whole rule set, keyed by its id
            produce(Topic.MASKING_RULES.topicName(), WORKSPACE, new MaskingRuleSet(WORKSPACE, List.of(
                    new MaskingRuleSpec("credit_card", null), new MaskingRuleSpec("email", null),
                    new MaskingRuleSpec("ssn", null), new MaskingRuleSpec("regex", "INV-SECRET-\\d+")), Instant.now()));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (ruleBook.rules(WORKSPACE).rules().size() != 4 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(4, ruleBook.rules(WORKSPACE).rules().size(), "the rule set arrived from the topic");
            rulesPublished = true;
        }
    }

    // ---------- signals ----------

    @Test
    void aRecordOnTheRulesTopicThatIsNoRuleSetIsDeadLetteredAndTheRulesStay() throws Exception {
        String poisoned = IdPrefix.WORKSPACE.newId();
        produceRaw(Topic.MASKING_RULES.topicName(), poisoned, "not a rule set".getBytes(StandardCharsets.UTF_8));
        produce(Topic.MASKING_RULES.topicName(), poisoned, new MaskingRuleSet(poisoned,
                List.of(new MaskingRuleSpec("regex", "PO-\\d+")), Instant.now()));

        var dead = raw(Topic.MASKING_RULES.dlqName(), poisoned::equals, 1);
        assertEquals(1, dead.size(), "the poison record, dead-lettered once by this instance");
        assertEquals("not a rule set", new String(dead.get(0).value(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (ruleBook.rules(poisoned).rules().size() != 1 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(1, ruleBook.rules(poisoned).rules().size(), "the next rule set still applies");
        assertEquals(4, ruleBook.rules(WORKSPACE).rules().size(), "other workspaces keep theirs");
    }

    @Test
    void anOlderRuleSetPublishedLateDoesNotReplaceANewerOne() throws Exception {
        // a gateway republishing its table at startup can send a workspace's older set after a PUT's newer one
        String workspace = IdPrefix.WORKSPACE.newId();
        Instant newer = Instant.now();
        produce(Topic.MASKING_RULES.topicName(), workspace, new MaskingRuleSet(workspace,
                List.of(new MaskingRuleSpec("regex", "NEW-\\d+"), new MaskingRuleSpec("email", null)), newer));
        produce(Topic.MASKING_RULES.topicName(), workspace, new MaskingRuleSet(workspace,
                List.of(new MaskingRuleSpec("regex", "OLD-\\d+")), newer.minusSeconds(60)));
        // then a poison record on the same key (same partition): once it is dead-lettered, both sets were read
        produceRaw(Topic.MASKING_RULES.topicName(), workspace, "not a rule set".getBytes(StandardCharsets.UTF_8));
        assertEquals(1, raw(Topic.MASKING_RULES.dlqName(), workspace::equals, 1).size(), "the records after them were read");
        assertEquals(2, ruleBook.rules(workspace).rules().size(), "the newer set (2 rules) stays, the late older one (1) is ignored");
    }

    @Test
    void signalsAreMaskedByTheWorkspaceRulesOverHttp() {
        String session = session("recording");
        given().contentType("application/json").body(sensitiveSignals(0))
                .post("/internal/v1/sessions/{id}/signals", session).then().statusCode(201);

        List<ConsumerRecord<String, byte[]>> records = raw(Topic.CAPTURE_SIGNALS.topicName(), session::equals, 9);
        assertEquals(9, records.size());
        assertNoneHoldsAPlantedValue(records);
        List<GenericRecord> signals = decode(Topic.CAPTURE_SIGNALS.topicName(), records);
        assertEquals(Masking.MASKED, body(signals.get(0)).get("value").toString(), "a card number typed in full");
        assertEquals(true, body(signals.get(0)).get("masked"));
        assertEquals(Masking.MASKED, body(signals.get(1)).get("key").toString(), "a digit typed into a field");
        assertEquals(Masking.MASKED, body(signals.get(2)).get("value").toString(), "a partial card number in a card field");
        assertEquals(Masking.MASKED, body(signals.get(3)).get("value").toString(), "an email");
        assertEquals(Masking.MASKED, body(signals.get(4)).get("value").toString(), "a one-time code (field named otp)");
        assertEquals("Customer ACME", body(signals.get(5)).get("value").toString(), "nothing to mask");
        @SuppressWarnings("unchecked")
        var fields = (List<GenericRecord>) body(signals.get(6)).get("fields");
        assertEquals(Masking.MASKED, fields.get(0).get("value").toString());
        assertEquals(Masking.MASKED, fields.get(1).get("value").toString());
        assertEquals("ACME", fields.get(2).get("value").toString());
        assertEquals("SSN [masked] is not valid", body(signals.get(7)).get("message").toString());
        assertEquals("Enter", body(signals.get(8)).get("key").toString(), "non-printable keys are kept");
    }

    @Test
    void theInboundTopicIsCheckedAndMaskedLikeHttpAndPoisonIsDeadLettered() throws Exception {
        String session = session("recording");
        String sealed = session("sealed");
        String unknown = IdPrefix.SESSION.newId();
        String topic = Topic.CAPTURE_SIGNALS_INBOUND.topicName();
        produceRaw(topic, session, "not avro at all".getBytes(StandardCharsets.UTF_8));
        produce(topic, unknown, new SignalUpload(unknown, null, sensitiveSignals(0)));
        produce(topic, sealed, new SignalUpload(sealed, null, sensitiveSignals(0)));
        produce(topic, session, new SignalUpload(session, WORKSPACE, sensitiveSignals(0)));
        produce(topic, session, new SignalUpload(session, WORKSPACE, sensitiveSignals(0))); // a re-sent batch
        produce(topic, session, new SignalUpload(session, WORKSPACE,
                "{\"signals\": [{\"seq\": 9, \"t_ms\": 10, \"kind\": \"key\", \"key\": \"Tab\"}]}")); // t_ms backwards
        produce(topic, session, new SignalUpload(session, WORKSPACE,
                "{\"signals\": [{\"seq\": 9, \"t_ms\": 900, \"kind\": \"key\", \"key\": \"Tab\"}]}"));

        List<ConsumerRecord<String, byte[]>> published = raw(Topic.CAPTURE_SIGNALS.topicName(), session::equals, 10);
        assertEquals(10, published.size(), "seq 0..8 once each (the re-sent batch is deduplicated) and seq 9");
        assertNoneHoldsAPlantedValue(published);
        List<GenericRecord> signals = decode(Topic.CAPTURE_SIGNALS.topicName(), published);
        assertEquals(Masking.MASKED, body(signals.get(0)).get("value").toString());
        assertEquals(9L, ((GenericRecord) ((GenericRecord) signals.get(9).get("body")).get("browser")).get("seq"));

        Predicate<String> ours = key -> key != null && (key.equals(session) || key.equals(sealed) || key.equals(unknown));
        List<ConsumerRecord<String, byte[]>> dead = raw(Topic.CAPTURE_SIGNALS_INBOUND.dlqName(), ours, 4);
        assertEquals(4, dead.size());
        // the dead-letter topic interleaves the inbound partitions: compare per key (one key's records keep their order)
        java.util.function.Function<String, List<String>> reasonsOf = k -> dead.stream().filter(r -> k.equals(r.key()))
                .map(r -> new String(r.headers().lastHeader(Topic.DLQ_REASON_HEADER).value(), StandardCharsets.UTF_8)).toList();
        List<String> own = reasonsOf.apply(session);
        assertEquals(2, own.size(), own.toString());
        assertTrue(own.get(0).contains("not a registered Avro value"), own.get(0));
        assertTrue(own.get(1).contains("invalid_request (signals[0].t_ms)"), own.get(1));
        assertTrue(reasonsOf.apply(unknown).get(0).contains("session_not_found"), reasonsOf.apply(unknown).toString());
        assertTrue(reasonsOf.apply(sealed).get(0).contains("invalid_state"), reasonsOf.apply(sealed).toString());
    }

    // ---------- frames ----------

    @Test
    void framesAreStoredWithMaskedSnapshotsAndTheMaskedFieldsBlurred() throws Exception {
        String session = IdPrefix.SESSION.newId();
        byte[] original = PixelMaskerTest.screen();
        String dom = """
                {"url": "http://127.0.0.1/pay", "title": "Pay %s", "truncated": false, "nodes": [
                  {"tag": "input", "role": "textbox", "name": "Card", "selector": "#card", "input_type": "text",
                   "field": "payment", "autocomplete": null, "text": null, "value": "%s",
                   "bounds": {"x": 20, "y": 30, "w": 120, "h": 20}},
                  {"tag": "button", "role": "button", "name": "Pay", "selector": "#pay", "input_type": null, "field": null,
                   "autocomplete": null, "text": "Pay", "value": null, "bounds": {"x": 150, "y": 75, "w": 40, "h": 15}}]}"""
                .formatted(CUSTOM, CARD);
        String tree = """
                {"nodes": [{"id": "1", "role": "textbox", "name": "Email", "value": "%s", "parent": null,
                            "bounds": {"x": 20, "y": 30, "w": 120, "h": 20}}], "truncated": false}""".formatted(EMAIL);
        String metadata = JSON.writeValueAsString(Map.of("frames", List.of(Map.of("t_ms", 0, "image", "shot",
                "viewport", Map.of("w", 200, "h", 100, "scale", 2.0),
                "dom", JSON.readTree(dom), "accessibility_tree", JSON.readTree(tree)))));
        given().header(Headers.WORKSPACE_ID, WORKSPACE).multiPart("metadata", metadata, "application/json")
                .multiPart("shot", "shot.webp", original, "image/webp")
                .post("/internal/v1/sessions/{id}/frames", session).then().statusCode(201);

        List<ConsumerRecord<String, byte[]>> records = raw(Topic.CAPTURE_FRAMES.topicName(), session::equals, 1);
        assertEquals(1, records.size());
        assertNoneHoldsAPlantedValue(records);
        GenericRecord frame = decode(Topic.CAPTURE_FRAMES.topicName(), records).get(0);
        JsonNode storedDom = JSON.readTree(frame.get("dom").toString());
        assertEquals(Masking.MASKED, storedDom.get("nodes").get(0).get("value").asText());
        assertEquals("Pay [masked]", storedDom.get("title").asText());
        assertEquals("Pay", storedDom.get("nodes").get(1).get("text").asText());
        assertEquals(Masking.MASKED, JSON.readTree(frame.get("accessibility_tree").toString()).get("nodes").get(0)
                .get("value").asText());

        // the stored image: the field (CSS 20,30 120×20 at scale 2 → image 40,60 240×40) is flat, the rest as it was
        String key = ((GenericRecord) frame.get("image")).get("key").toString();
        byte[] stored = s3.getObjectAsBytes(b -> b.bucket(objectStore.bucket()).key(key)).asByteArray();
        assertFalse(java.util.Arrays.equals(original, stored));
        BufferedImage before = WebpCodec.decode(original);
        BufferedImage after = WebpCodec.decode(stored);
        assertTrue(PixelMaskerTest.stddev(before, 44, 64, 232, 32) > 40);
        assertTrue(PixelMaskerTest.stddev(after, 44, 64, 232, 32) < 6);
        assertTrue(PixelMaskerTest.meanAbsDiff(before, after, 300, 150, 80, 30) < 3, "the button is untouched");
    }

    @Test
    void aFrameRetriedAfterTheRulesChangedIsTheStoredFrameNotAConflict() throws Exception {
        // an agent retries an upload whose answer it lost, while an admin removed a rule in between: the retry is masked
        // differently (other stored bytes) but is the same upload, answered with the frame stored the first time
        String workspace = IdPrefix.WORKSPACE.newId();
        produce(Topic.MASKING_RULES.topicName(), workspace, new MaskingRuleSet(workspace,
                List.of(new MaskingRuleSpec("regex", "INV-SECRET-\\d+")), Instant.now()));
        awaitRuleCount(workspace, 1);
        String session = CatalogSessions.insert(pool, workspace, "recording");
        byte[] original = PixelMaskerTest.screen();
        String dom = """
                {"url": "http://127.0.0.1/pay", "title": "Pay", "truncated": false, "nodes": [
                  {"tag": "input", "role": "textbox", "name": "Invoice", "selector": "#inv", "input_type": "text",
                   "field": "invoice", "autocomplete": null, "text": null, "value": "%s",
                   "bounds": {"x": 20, "y": 30, "w": 120, "h": 20}}]}""".formatted(CUSTOM);
        String metadata = JSON.writeValueAsString(Map.of("frames", List.of(Map.of("t_ms", 0, "image", "shot",
                "viewport", Map.of("w", 200, "h", 100, "scale", 2.0), "dom", JSON.readTree(dom)))));
        String first = given().header(Headers.WORKSPACE_ID, workspace).multiPart("metadata", metadata, "application/json")
                .multiPart("shot", "shot.webp", original, "image/webp")
                .post("/internal/v1/sessions/{id}/frames", session).then().statusCode(201).extract().path("data[0].id");

        produce(Topic.MASKING_RULES.topicName(), workspace, new MaskingRuleSet(workspace, List.of(), Instant.now()));
        awaitRuleCount(workspace, 0);
        given().header(Headers.WORKSPACE_ID, workspace).multiPart("metadata", metadata, "application/json")
                .multiPart("shot", "shot.webp", original, "image/webp")
                .post("/internal/v1/sessions/{id}/frames", session).then().statusCode(201)
                .body("data[0].id", org.hamcrest.Matchers.equalTo(first));

        List<ConsumerRecord<String, byte[]>> records = raw(Topic.CAPTURE_FRAMES.topicName(), session::equals, 1);
        assertEquals(1, records.size(), "one frame, published once");
        assertNoneHoldsAPlantedValue(records);
    }

    private void awaitRuleCount(String workspace, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while ((ruleBook.rules(workspace) == MaskingRules.DEFAULT || ruleBook.rules(workspace).rules().size() != count)
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(count, ruleBook.rules(workspace).rules().size(), "the rule set arrived from the topic");
    }

    // ---------- helpers ----------

    /** Nine signals planting every kind of value, from seq {@code firstSeq}, t_ms from 100. */
    private static String sensitiveSignals(int firstSeq) {
        String cardField = "{\"tag\": \"input\", \"input_type\": \"tel\", \"field\": \"card_number\", \"name\": \"Card number\"}";
        String plain = "{\"tag\": \"input\", \"input_type\": \"text\", \"field\": \"note\", \"name\": \"Note\"}";
        String otp = "{\"tag\": \"input\", \"input_type\": \"text\", \"field\": \"otp\", \"name\": \"Code\"}";
        return """
                {"signals": [
                  {"seq": %1$d, "t_ms": 100, "kind": "value_change", "value": "%2$s", "target": %6$s},
                  {"seq": %7$d, "t_ms": 101, "kind": "key", "key": "4", "code": "Digit4", "target": %6$s},
                  {"seq": %8$d, "t_ms": 102, "kind": "value_change", "value": "4242 42", "target": %6$s},
                  {"seq": %9$d, "t_ms": 103, "kind": "value_change", "value": "%3$s", "target": %10$s},
                  {"seq": %11$d, "t_ms": 104, "kind": "value_change", "value": "913377", "target": %12$s},
                  {"seq": %13$d, "t_ms": 105, "kind": "value_change", "value": "Customer ACME", "target": %10$s},
                  {"seq": %14$d, "t_ms": 106, "kind": "form_submit", "form": "pay", "fields": [
                     {"name": "card_number", "input_type": "tel", "value": "%2$s"},
                     {"name": "note", "input_type": "text", "value": "ref %5$s"},
                     {"name": "customer", "input_type": "text", "value": "ACME"}]},
                  {"seq": %15$d, "t_ms": 107, "kind": "validation_surfaced", "field": "ssn", "message": "SSN %4$s is not valid",
                   "source": "role_alert"},
                  {"seq": %16$d, "t_ms": 108, "kind": "key", "key": "Enter", "target": %10$s}
                ]}""".formatted(firstSeq, CARD, EMAIL, SSN, CUSTOM, cardField, firstSeq + 1, firstSeq + 2, firstSeq + 3,
                plain, firstSeq + 4, otp, firstSeq + 5, firstSeq + 6, firstSeq + 7, firstSeq + 8);
    }

    /** No record holds a planted value, nor a card number's digits without separators, nor the one-time code. */
    private static void assertNoneHoldsAPlantedValue(List<ConsumerRecord<String, byte[]>> records) {
        for (var r : records) {
            String bytes = new String(r.value(), StandardCharsets.ISO_8859_1);
            for (String planted : List.of(CARD, CARD.replace(" ", ""), EMAIL, SSN, SSN.replace("-", ""), CUSTOM, "913377",
                    "4242 42")) {
                assertFalse(bytes.contains(planted), planted + " in a record of " + r.topic() + " @" + r.offset());
            }
        }
    }

    private static GenericRecord body(GenericRecord captureSignal) {
        return (GenericRecord) ((GenericRecord) ((GenericRecord) captureSignal.get("body")).get("browser")).get("body");
    }

    private String session(String status) {
        return CatalogSessions.insert(pool, WORKSPACE, status);
    }

    private void produce(String topic, String key, Object value) throws Exception {
        AvroKafkaSerializer<Object> serializer = new AvroKafkaSerializer<>();
        serializer.configure(Map.of("apicurio.registry.url", registryUrl, "apicurio.registry.auto-register", "true"), false);
        try (var producer = new KafkaProducer<>(producerProps(), new StringSerializer(), serializer)) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    private void produceRaw(String topic, String key, byte[] value) throws Exception {
        try (var producer = new KafkaProducer<>(producerProps(), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    private Properties producerProps() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return props;
    }

    private List<GenericRecord> decode(String topic, List<ConsumerRecord<String, byte[]>> records) {
        AvroKafkaDeserializer<GenericRecord> values = new AvroKafkaDeserializer<>();
        values.configure(Map.of("apicurio.registry.url", registryUrl), false);
        return records.stream().map(r -> values.deserialize(topic, r.headers(), r.value())).toList();
    }

    /** The raw records of {@code topic} whose key passes, in offset order per partition, once {@code expected} are there. */
    private List<ConsumerRecord<String, byte[]>> raw(String topic, Predicate<String> key, int expected) {
        try (var reader = new TopicReader<>(bootstrapServers, topic, new ByteArrayDeserializer(), Duration.ofSeconds(30))) {
            reader.awaitRecords(r -> key.test(r.key()), expected);
            var found = new ArrayList<>(reader.upToNow(r -> key.test(r.key())));
            found.sort((x, y) -> x.partition() != y.partition() ? Integer.compare(x.partition(), y.partition())
                    : Long.compare(x.offset(), y.offset()));
            return found;
        }
    }
}
