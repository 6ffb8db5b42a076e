package com.nusomi.systemtests;

import com.nusomi.devstack.testing.TopicReader;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads a dead-letter topic as an operator would. */
final class DeadLetters {
    private DeadLetters() {}

    /** The dead letter with {@code key}, waiting up to 30 s for it to appear. */
    static ConsumerRecord<String, byte[]> await(String bootstrap, String dlqTopic, String key) {
        try (var reader = new TopicReader<>(bootstrap, dlqTopic, new ByteArrayDeserializer(), Duration.ofSeconds(30))) {
            return reader.awaitRecord(r -> key.equals(r.key()));
        }
    }
}
