package com.nusomi.sessionsealer.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.nusomi.devstack.DevStackResource;
import com.nusomi.kit.kafka.KafkaClients;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The application's {@code kafka.*} settings (here {@code security.protocol} and {@code sasl.mechanism}, set in the
 * test profile) reach the clients this service builds by hand: the projection consumers, the offsets admin and the
 * dead-letter producer all take their properties from {@link KafkaClients}, and they run on the same settings in
 * every other test of this module.
 */
@QuarkusTest
@QuarkusTestResource(DevStackResource.class)
class KafkaClientsSettingsTest {
    @Inject
    KafkaClients clients;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void theSecuritySettingsOfTheApplicationReachEveryHandBuiltClientType() {
        for (Map<String, Object> props : List.of(clients.consumer(Map.of("group.id", "session-sealer-frames")),
                clients.admin(Map.of()), clients.producer(Map.of()))) {
            assertEquals("PLAINTEXT", props.get("security.protocol"), props.toString());
            assertEquals("SCRAM-SHA-512", props.get("sasl.mechanism"), props.toString());
            assertEquals(bootstrap, props.get("bootstrap.servers"), props.toString());
        }
    }
}
