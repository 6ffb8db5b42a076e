package com.nusomi.kit.kafka;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Properties for Kafka clients built by hand (dead letters, projections, reply readers, offset lookups): the
 * application's whole {@code kafka.*} configuration (bootstrap, TLS, SASL, …, as Quarkus collects it for the
 * messaging channels) narrowed to the settings that client type knows, plus the caller's own settings on top.
 */
@ApplicationScoped
public class KafkaClients {
    private final Map<String, Object> application;

    KafkaClients(@Identifier("default-kafka-broker") Map<String, Object> application) {
        this.application = Map.copyOf(application);
    }

    public Map<String, Object> producer(Map<String, Object> own) {
        return props(application, ProducerConfig.configNames(), own);
    }

    public Map<String, Object> consumer(Map<String, Object> own) {
        return props(application, ConsumerConfig.configNames(), own);
    }

    public Map<String, Object> admin(Map<String, Object> own) {
        return props(application, AdminClientConfig.configNames(), own);
    }

    /** The application settings the client knows (unknown keys would only be warned about), then the caller's. */
    static Map<String, Object> props(Map<String, Object> application, Set<String> known, Map<String, Object> own) {
        var props = new HashMap<String, Object>();
        application.forEach((key, value) -> {
            if (known.contains(key)) {
                props.put(key, value);
            }
        });
        props.putAll(own);
        return props;
    }
}
