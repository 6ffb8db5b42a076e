package com.nusomi.apigateway.publish;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Message;

/** A message with its Kafka key. */
public final class Keyed {
    private Keyed() {}

    public static <T> Message<T> message(String key, T value) {
        return Message.of(value).addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build());
    }
}
