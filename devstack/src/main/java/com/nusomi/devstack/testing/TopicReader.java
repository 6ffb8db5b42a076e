package com.nusomi.devstack.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The one Kafka reader of the tests: reads a whole topic (every partition, read-committed, no group) on a daemon
 * thread and keeps every record, so a test can wait for the record it expects or take everything up to the topic's
 * current end. It starts at the beginning ({@link #TopicReader}) or at the current end ({@link #fromEnd}, for "what
 * the action under test publishes"), or hands each record to a callback ({@link #following}, for stand-in services).
 * Keys are strings (every Nusomi topic is keyed by an id); values go through the given deserializer on the reader's
 * thread, and a value it cannot decode (the poison records some tests send on purpose) is skipped. Keep one per topic
 * for a test run, or close it.
 */
public final class TopicReader<T> implements AutoCloseable {
    private final String topic;
    private final String bootstrap;
    private final Duration wait;
    private final List<ConsumerRecord<String, T>> records = new CopyOnWriteArrayList<>();
    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    /** Reads from the beginning, starting at once; {@code wait} bounds every await of this reader. */
    public TopicReader(String bootstrap, String topic, Deserializer<T> values, Duration wait) {
        this(bootstrap, topic, values, wait, false, null);
    }

    /** Reads what is published from now on: positioned at every partition's end before this returns. */
    public static <T> TopicReader<T> fromEnd(String bootstrap, String topic, Deserializer<T> values, Duration wait) {
        return new TopicReader<>(bootstrap, topic, values, wait, true, null);
    }

    /**
     * Hands every record published from now on to {@code each}, on the reader's thread, and keeps none: a stand-in
     * for another service's consumer. A failure of {@code each} is printed and the next record follows.
     */
    public static <T> TopicReader<T> following(String bootstrap, String topic, Deserializer<T> values,
                                               Consumer<ConsumerRecord<String, T>> each) {
        return new TopicReader<>(bootstrap, topic, values, Duration.ZERO, true, each);
    }

    private TopicReader(String bootstrap, String topic, Deserializer<T> values, Duration wait, boolean fromEnd,
                        Consumer<ConsumerRecord<String, T>> each) {
        this.topic = topic;
        this.bootstrap = bootstrap;
        this.wait = wait;
        var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        if (fromEnd) {
            consumer.seekToEnd(partitions);
            partitions.forEach(tp -> positions.put(tp, consumer.position(tp))); // seekToEnd alone is lazy
        } else {
            consumer.seekToBeginning(partitions);
        }
        Consumer<ConsumerRecord<String, T>> sink = each == null ? records::add : each;
        thread = new Thread(() -> {
            try (consumer) {
                while (running) {
                    for (ConsumerRecord<String, byte[]> raw : consumer.poll(Duration.ofMillis(100))) {
                        decoded(raw, values).ifPresent(record -> deliver(sink, record));
                    }
                    partitions.forEach(tp -> positions.put(tp, consumer.position(tp)));
                }
            }
        }, "test-reader-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    private static <T> Optional<ConsumerRecord<String, T>> decoded(ConsumerRecord<String, byte[]> raw,
                                                                  Deserializer<T> values) {
        T value;
        try {
            value = values.deserialize(raw.topic(), raw.headers(), raw.value());
        } catch (RuntimeException undecodable) {
            return Optional.empty(); // poison some tests send on purpose; their dead letters are read as bytes
        }
        return Optional.of(new ConsumerRecord<>(raw.topic(), raw.partition(), raw.offset(), raw.timestamp(),
                raw.timestampType(), raw.serializedKeySize(), raw.serializedValueSize(), raw.key(), value,
                raw.headers(), raw.leaderEpoch()));
    }

    private static <T> void deliver(Consumer<ConsumerRecord<String, T>> sink, ConsumerRecord<String, T> record) {
        try {
            sink.accept(record);
        } catch (RuntimeException e) {
            System.err.println("test reader: " + record.topic() + "-" + record.partition() + "@" + record.offset()
                    + " not handled: " + e);
        }
    }

    public T awaitValue(Predicate<T> match) {
        return awaitRecord(r -> match.test(r.value())).value();
    }

    /** The first record (in reading order) that matches; fails after the reader's wait. */
    public ConsumerRecord<String, T> awaitRecord(Predicate<ConsumerRecord<String, T>> match) {
        return until(() -> records.stream().filter(match).findFirst(), "a matching record on " + topic);
    }

    /** The first {@code count} records that match, once there are that many; fails after the reader's wait. */
    public List<ConsumerRecord<String, T>> awaitRecords(Predicate<ConsumerRecord<String, T>> match, int count) {
        return until(() -> {
            var found = records.stream().filter(match).limit(count).toList();
            return found.size() == count ? Optional.of(found) : Optional.empty();
        }, count + " matching records on " + topic);
    }

    /** Values read so far that match. */
    public List<T> all(Predicate<T> match) {
        return records.stream().map(ConsumerRecord::value).filter(match).toList();
    }

    /** Records read so far that match. */
    public List<ConsumerRecord<String, T>> records(Predicate<ConsumerRecord<String, T>> match) {
        return records.stream().filter(match).toList();
    }

    /** Records whose key is {@code key}, after reading up to the topic's current end. */
    public List<ConsumerRecord<String, T>> byKeyUpToNow(String key) {
        return upToNow(r -> key.equals(r.key()));
    }

    /** Records that match, after reading up to the topic's current end (what was published before this call). */
    public List<ConsumerRecord<String, T>> upToNow(Predicate<ConsumerRecord<String, T>> match) {
        var end = endOffsets();
        until(() -> end.entrySet().stream().allMatch(e -> positions.getOrDefault(e.getKey(), 0L) >= e.getValue())
                ? Optional.of(true) : Optional.empty(), "the end of " + topic);
        return records.stream().filter(match).toList();
    }

    /** Stops reading (the consumer closes on the reader's thread). */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Map<TopicPartition, Long> endOffsets() {
        try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
            var request = new HashMap<TopicPartition, OffsetSpec>();
            partitions.forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            var end = new HashMap<TopicPartition, Long>();
            admin.listOffsets(request).all().get().forEach((tp, info) -> end.put(tp, info.offset()));
            return end;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException("end offsets of " + topic, e);
        }
    }

    private <R> R until(Supplier<Optional<R>> check, String what) {
        Instant deadline = Instant.now().plus(wait);
        while (true) {
            var found = check.get();
            if (found.isPresent()) {
                return found.get();
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("waited " + wait + " for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }
}
