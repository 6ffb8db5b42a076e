package com.nusomi.kit.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class KafkaClientsTest {
    /** What Quarkus collects from {@code kafka.*}: connection and security settings plus keys no client knows. */
    private static final Map<String, Object> APPLICATION = Map.of(
            "bootstrap.servers", "broker:9093",
            "security.protocol", "SASL_SSL",
            "sasl.mechanism", "SCRAM-SHA-512",
            "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;",
            "ssl.truststore.location", "/etc/kafka/truststore.p12",
            "group.id", "session-sealer",
            "health.enabled", "true");

    private final KafkaClients clients = new KafkaClients(APPLICATION);

    @Test
    void everyClientTypeGetsTheConnectionAndSecuritySettings() {
        for (var props : new Map[] {clients.producer(Map.of()), clients.consumer(Map.of()), clients.admin(Map.of())}) {
            assertEquals("broker:9093", props.get("bootstrap.servers"));
            assertEquals("SASL_SSL", props.get("security.protocol"));
            assertEquals("SCRAM-SHA-512", props.get("sasl.mechanism"));
            assertEquals("/etc/kafka/truststore.p12", props.get("ssl.truststore.location"));
            assertFalse(props.containsKey("health.enabled"), "keys no Kafka client knows are left out");
        }
    }

    @Test
    void settingsAClientDoesNotKnowAreLeftOutAndTheCallersOwnWin() {
        var producer = clients.producer(Map.of(ProducerConfig.ACKS_CONFIG, "all"));
        assertFalse(producer.containsKey(ConsumerConfig.GROUP_ID_CONFIG), "group.id is a consumer setting");
        assertEquals("all", producer.get(ProducerConfig.ACKS_CONFIG));

        var consumer = clients.consumer(Map.of(ConsumerConfig.GROUP_ID_CONFIG, "session-sealer-frames"));
        assertEquals("session-sealer-frames", consumer.get(ConsumerConfig.GROUP_ID_CONFIG));

        var admin = clients.admin(Map.of(AdminClientConfig.CLIENT_ID_CONFIG, "offsets"));
        assertEquals("offsets", admin.get(AdminClientConfig.CLIENT_ID_CONFIG));
        assertFalse(admin.containsKey(ConsumerConfig.GROUP_ID_CONFIG));
    }
}
