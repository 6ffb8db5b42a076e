package com.nusomi.devstack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nusomi.contracts.Topic;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

@DevStackTest
class EmbeddedStackTest {
    static final String SCHEMA_V1 = """
            {"type":"record","name":"Probe","namespace":"com.nusomi.devstack.test",
             "fields":[{"name":"id","type":"string"},{"name":"count","type":"int"}]}""";

    @Test
    void theStackIsStartedOncePerJvmAndSharedBetweenResolverAndStaticAccess(DevStackSettings injected) {
        DevStackSettings again = DevStackExtension.settings();
        assertEquals(injected, again);
        assertTrue(SharedStack.isRunning());
        assertTrue(injected.registryUrl().endsWith("/apis/registry/v3"), injected.registryUrl());
        assertTrue(injected.reactiveUrl().startsWith("postgresql://localhost:"), injected.reactiveUrl());
        assertTrue(injected.reactiveUrl().endsWith("/nusomi"), injected.reactiveUrl());
        assertTrue(injected.jdbcUrl().startsWith("jdbc:postgresql://localhost:"), injected.jdbcUrl());
    }

    @Test
    void quarkusConfigUsesTheServicesPropertyNames(DevStackSettings s) {
        Map<String, String> c = s.asQuarkusConfig();
        // what @QuarkusTestResource(DevStackResource.class) hands to the app: the same shared stack
        assertEquals(c, new DevStackResource().start());
        assertEquals(List.of("kafka.bootstrap.servers", "mp.messaging.connector.smallrye-kafka.apicurio.registry.url",
                "apicurio.registry.url", "quarkus.datasource.jdbc.url", "quarkus.datasource.reactive.url",
                "quarkus.datasource.username", "quarkus.datasource.password", "nusomi.object-store.endpoint",
                "nusomi.object-store.region", "nusomi.object-store.access-key", "nusomi.object-store.secret-key",
                "nusomi.object-store.bucket"), List.copyOf(c.keySet()));
        assertEquals(s.kafkaBootstrap(), c.get("kafka.bootstrap.servers"));
        assertEquals(s.registryUrl(), c.get("mp.messaging.connector.smallrye-kafka.apicurio.registry.url"));
        assertEquals(s.reactiveUrl(), c.get("quarkus.datasource.reactive.url"));
    }

    @Test
    void brokerHoldsTheWholeTopicCatalog(DevStackSettings s) throws Exception {
        try (Admin admin = KafkaTopics.admin(s.kafkaBootstrap())) {
            Set<String> names = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            for (Topic.TopicSpec spec : Topic.allSpecs()) {
                assertTrue(names.contains(spec.name()), spec.name() + " missing");
            }
            Map<String, TopicDescription> described = admin.describeTopics(
                    Topic.allSpecs().stream().map(Topic.TopicSpec::name).toList()).allTopicNames().get(10, TimeUnit.SECONDS);
            for (Topic.TopicSpec spec : Topic.allSpecs()) {
                assertEquals(spec.partitions(), described.get(spec.name()).partitions().size(), spec.name());
            }
            assertTrue(Topic.allSpecs().stream().anyMatch(t -> t.name().endsWith(".dlq")));
            var resources = Topic.allSpecs().stream()
                    .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t.name())).toList();
            var configs = admin.describeConfigs(resources).all().get(10, TimeUnit.SECONDS);
            for (Topic.TopicSpec spec : Topic.allSpecs()) {
                var retention = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name())).get("retention.ms");
                assertEquals(Long.toString(spec.retention().toMillis()), retention.value(), spec.name());
            }
            // creating the catalog again is a no-op
            KafkaTopics.ensure(admin, Topic.allSpecs());
        }
    }

    @Test
    void avroRecordsRoundTripThroughTheRegistry(DevStackSettings s) {
        String topic = "devstack.test.avro-" + UUID.randomUUID();
        Schema schema = new Schema.Parser().parse(SCHEMA_V1);
        GenericRecord sent = new GenericData.Record(schema);
        sent.put("id", "probe-1");
        sent.put("count", 42);

        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, s.kafkaBootstrap());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroKafkaSerializer.class.getName());
        p.put("apicurio.registry.url", s.registryUrl());
        p.put("apicurio.registry.auto-register", "true");
        try (KafkaProducer<String, GenericRecord> producer = new KafkaProducer<>(p)) {
            producer.send(new ProducerRecord<>(topic, "k", sent)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }

        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, s.kafkaBootstrap());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "devstack-test-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, AvroKafkaDeserializer.class.getName());
        c.put("apicurio.registry.url", s.registryUrl());
        List<ConsumerRecord<String, GenericRecord>> received = new ArrayList<>();
        try (KafkaConsumer<String, GenericRecord> consumer = new KafkaConsumer<>(c)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (received.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(received::add);
            }
        }
        assertEquals(1, received.size());
        GenericRecord got = received.get(0).value();
        assertEquals("probe-1", got.get("id").toString());
        assertEquals(42, got.get("count"));
    }

    @Test
    void backwardCompatibilityIsEnforcedGlobally(DevStackSettings s) throws Exception {
        var registry = new RegistryHttp(s.registryUrl());
        var rule = registry.get("/admin/rules/COMPATIBILITY");
        assertEquals(200, rule.status(), rule.raw());
        assertEquals("BACKWARD", rule.body().path("config").asText());

        String artifact = "compat-" + UUID.randomUUID();
        var created = registry.createAvroArtifact("devstack-test", artifact, SCHEMA_V1);
        assertEquals(200, created.status(), created.raw());

        // a new field with a default: readers of the new schema can read old data -> BACKWARD compatible
        String compatible = """
                {"type":"record","name":"Probe","namespace":"com.nusomi.devstack.test",
                 "fields":[{"name":"id","type":"string"},{"name":"count","type":"int"},
                           {"name":"note","type":"string","default":""}]}""";
        var v2 = registry.createVersion("devstack-test", artifact, compatible);
        assertEquals(200, v2.status(), v2.raw());

        // a new required field: old data cannot be read -> rejected
        String incompatible = """
                {"type":"record","name":"Probe","namespace":"com.nusomi.devstack.test",
                 "fields":[{"name":"id","type":"string"},{"name":"count","type":"int"},
                           {"name":"note","type":"string","default":""},{"name":"required","type":"long"}]}""";
        var rejected = registry.createVersion("devstack-test", artifact, incompatible);
        // Apicurio 3.3 answers 400 (older 3.x: 409) with a RuleViolationException
        assertTrue(rejected.status() == 400 || rejected.status() == 409, rejected.raw());
        assertEquals("RuleViolationException", rejected.body().path("name").asText(), rejected.raw());
        var versions = registry.get("/groups/devstack-test/artifacts/" + artifact + "/versions");
        assertEquals(2, versions.body().path("count").asInt(), versions.raw());
    }

    @Test
    void objectStoreSpeaksS3ThroughTheAwsSdk(DevStackSettings s) throws Exception {
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(s.s3AccessKey(), s.s3SecretKey()));
        String key = "devstack-test/" + UUID.randomUUID() + ".txt";
        byte[] content = "hello devstack".getBytes(StandardCharsets.UTF_8);
        try (S3Client s3 = S3Client.builder()
                .endpointOverride(URI.create(s.s3Endpoint()))
                .region(Region.of(s.s3Region()))
                .credentialsProvider(credentials)
                .forcePathStyle(true)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
             S3Presigner presigner = S3Presigner.builder()
                .endpointOverride(URI.create(s.s3Endpoint()))
                .region(Region.of(s.s3Region()))
                .credentialsProvider(credentials)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .build()) {
            assertTrue(s3.listBuckets().buckets().stream().anyMatch(b -> b.name().equals(s.bucket())));
            s3.putObject(b -> b.bucket(s.bucket()).key(key).contentType("text/plain"), RequestBody.fromBytes(content));
            assertArrayEquals(content, s3.getObjectAsBytes(b -> b.bucket(s.bucket()).key(key)).asByteArray());

            var presigned = presigner.presignGetObject(b -> b.signatureDuration(Duration.ofMinutes(5))
                    .getObjectRequest(r -> r.bucket(s.bucket()).key(key)));
            HttpResponse<byte[]> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(presigned.url().toURI()).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, response.statusCode());
            assertArrayEquals(content, response.body());

            // an unsigned request is refused: authentication is on
            HttpResponse<String> anonymous = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(s.s3Endpoint() + "/" + s.bucket() + "/" + key)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(403, anonymous.statusCode());
        }
    }

    @Test
    void postgresAnswersSelectOne(DevStackSettings s) throws Exception {
        try (Connection c = DriverManager.getConnection(s.jdbcUrl(), s.dbUser(), s.dbPassword());
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select 1, current_database(), current_user")) {
            assertTrue(rs.next());
            assertEquals(1, rs.getInt(1));
            assertEquals("nusomi", rs.getString(2));
            assertEquals("nusomi", rs.getString(3));
        }
    }

    @Test
    void transactionsWorkOnTheSingleBroker(DevStackSettings s) throws Exception {
        String topic = "devstack.test.tx-" + UUID.randomUUID();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, s.kafkaBootstrap());
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "devstack-test-" + UUID.randomUUID());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "aborted"));
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "committed"));
            producer.commitTransaction();
        }
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, s.kafkaBootstrap());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "devstack-test-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.value()));
            }
        }
        assertEquals(List.of("committed"), values);
    }

    @Test
    void sharedStackIsTheSameInstanceAcrossCalls() {
        DevStackSettings a = SharedStack.settings();
        DevStackSettings b = SharedStack.settings();
        assertEquals(a, b);
        assertSame(Boolean.TRUE, SharedStack.isRunning());
        assertEquals(a.toMap().keySet().stream().collect(Collectors.toSet()),
                DevStackSettings.fromMap(a.toMap()).toMap().keySet());
    }
}
