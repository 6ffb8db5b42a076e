package com.nusomi.devstack.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nusomi.contracts.Topic;
import com.nusomi.devstack.DevStackSettings;
import com.nusomi.devstack.DevStackTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The shared test helpers every module's tests use: the topic reader against the real broker, the WebP fixtures. */
@DevStackTest
class TestSupportTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** A string decoder that refuses values starting with "poison", as Avro refuses bytes that are not Avro. */
    private static final Deserializer<String> STRICT = (topic, bytes) -> {
        String s = new String(bytes, StandardCharsets.UTF_8);
        if (s.startsWith("poison")) {
            throw new IllegalArgumentException("undecodable");
        }
        return s;
    };

    @Test
    void aReaderFromTheBeginningSkipsUndecodableValuesAndReadsUpToTheEnd(DevStackSettings s) {
        String topic = Topic.EXPORT_STATUS.topicName();
        String key = "exp_" + UUID.randomUUID();
        send(s, topic, key, "first", "poison 1", "second");
        try (var reader = new TopicReader<>(s.kafkaBootstrap(), topic, STRICT, WAIT)) {
            assertEquals(List.of("first", "second"), reader.byKeyUpToNow(key).stream().map(ConsumerRecord::value).toList());
            assertEquals("second", reader.awaitValue("second"::equals));
            send(s, topic, key, "third");
            assertEquals(3, reader.awaitRecords(r -> key.equals(r.key()), 3).size());
        }
    }

    @Test
    void aReaderFromTheEndSeesOnlyWhatIsPublishedAfterItStarted(DevStackSettings s) {
        String topic = Topic.EXPORT_STATUS.topicName();
        String key = "exp_" + UUID.randomUUID();
        send(s, topic, key, "before");
        try (var reader = TopicReader.fromEnd(s.kafkaBootstrap(), topic, new StringDeserializer(), Duration.ofSeconds(2))) {
            send(s, topic, key, "after");
            assertEquals("after", reader.awaitRecord(r -> key.equals(r.key())).value());
            assertEquals(List.of("after"), reader.byKeyUpToNow(key).stream().map(ConsumerRecord::value).toList());
            assertThrows(AssertionError.class, () -> reader.awaitValue("before"::equals), "the reader's wait bounds an await");
        }
    }

    @Test
    void aFollowingReaderHandsEachRecordOnAndKeepsGoingAfterAFailure(DevStackSettings s) {
        String topic = Topic.EXPORT_STATUS.topicName();
        String key = "exp_" + UUID.randomUUID();
        List<String> handled = new CopyOnWriteArrayList<>();
        try (var reader = TopicReader.following(s.kafkaBootstrap(), topic, STRICT, r -> {
            if (key.equals(r.key())) {
                handled.add(r.value());
                if (r.value().equals("fails")) {
                    throw new IllegalStateException("a stand-in service failing on one record");
                }
            }
        })) {
            send(s, topic, key, "one", "fails", "poison", "two");
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (handled.size() < 3 && System.nanoTime() < deadline) {
                sleep();
            }
            assertEquals(List.of("one", "fails", "two"), handled);
        }
    }

    @Test
    void webpFixturesAreWebpFilesOfTheAskedSizeAndDifferBySeed() {
        byte[] solid = TestWebp.solid(16, 9, 0xff336699);
        assertTrue(TestWebp.isWebp(solid));
        byte[] a = TestWebp.sized(1440, 900, 64 * 1024, 1);
        byte[] b = TestWebp.sized(1440, 900, 64 * 1024, 2);
        assertTrue(TestWebp.isWebp(a) && TestWebp.isWebp(b));
        assertTrue(Math.abs(a.length - 64 * 1024) < 64, "about the asked size: " + a.length);
        assertFalse(java.util.Arrays.equals(a, b), "seeds make different files");
        assertArrayEquals(a, TestWebp.sized(1440, 900, 64 * 1024, 1), "a seed makes the same file");
        assertFalse(TestWebp.isWebp("RIFF....WEBPVP8 not a webp".getBytes(StandardCharsets.US_ASCII)));
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(DevStackSettings s, String topic, String key, String... values) {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", s.kafkaBootstrap(), "acks", "all"),
                new StringSerializer(), new StringSerializer())) {
            for (String v : values) {
                producer.send(new ProducerRecord<>(topic, key, v)).get();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
