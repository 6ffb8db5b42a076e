package com.nusomi.systemtests;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a dead-letter topic as an operator would. */
final class DeadLetters {
    private DeadLetters() {}

    /** The dead letter with {@code key}, waiting up to 30 s for it to appear. */
    static ConsumerRecord<String, byte[]> await(String bootstrap, String dlqTopic, String key) {
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                "bootstrap.servers", bootstrap, "group.id", "system-tests-" + UUID.randomUUID(),
                "enable.auto.commit", "false"), new StringDeserializer(), new ByteArrayDeserializer())) {
            var partitions = consumer.partitionsFor(dlqTopic).stream()
                    .map(p -> new TopicPartition(dlqTopic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Instant deadline = Instant.now().plusSeconds(30);
            while (Instant.now().isBefore(deadline)) {
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    if (key.equals(record.key())) {
                        return record;
                    }
                }
            }
        }
        throw new AssertionError("no dead letter with key " + key + " on " + dlqTopic);
    }

}
