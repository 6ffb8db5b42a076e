package com.nusomi.devstack;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

/** The opt-in Testcontainers mode; skipped where no Docker engine answers. */
class ContainerStackTest {

    @Test
    void containersModeStartsTheSameComponents() throws Exception {
        assumeTrue(ContainerStack.dockerAvailable(), "no Docker engine reachable: container mode not tested");
        try (ContainerStack stack = ContainerStack.start()) {
            DevStackSettings s = stack.settings();
            assertTrue(s.registryUrl().endsWith("/apis/registry/v3"));
            try (Admin admin = KafkaTopics.admin(s.kafkaBootstrap())) {
                Set<String> names = admin.listTopics().names().get(10, TimeUnit.SECONDS);
                assertTrue(names.contains("nusomi.events.dlq"));
            }
        }
    }
}
