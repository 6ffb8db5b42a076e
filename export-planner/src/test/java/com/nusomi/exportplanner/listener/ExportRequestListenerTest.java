package com.nusomi.exportplanner.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.nusomi.contracts.Topic;
import com.nusomi.contracts.avro.ExportState;
import com.nusomi.contracts.avro.ExportStatus;
import com.nusomi.devstack.DevStackResource;
import com.nusomi.exportplanner.publish.PlanPublisher;
import com.nusomi.exportplanner.support.CatalogFixture;
import com.nusomi.exportplanner.support.Kafka;
import com.nusomi.exportplanner.support.Requests;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = DevStackResource.class)
class ExportRequestListenerTest {
    @Test
    void aPoisonRequestIsDeadLetteredAndTheNextRequestIsPlanned() {
        CatalogFixture.get();
        byte[] poison = ("not an export request " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        var next = Requests.jsonl(CatalogFixture.WORKSPACE, List.of(CatalogFixture.WORKFLOW), 64L * 1024 * 1024, r -> {});

        Kafka.sendBytes(Topic.EXPORT_REQUESTS.topicName(), "exp_poison", poison);
        Kafka.sendAvro(Topic.EXPORT_REQUESTS.topicName(), next.getExportId(), next);

        try (var dlq = Kafka.tailBytes(Topic.EXPORT_REQUESTS.dlqName());
             var statuses = Kafka.tailAvro(Topic.EXPORT_STATUS.topicName())) {
            var dead = dlq.awaitRecords(r -> Arrays.equals(poison, r.value()), 1).getFirst();
            var reason = dead.headers().lastHeader(Topic.DLQ_REASON_HEADER);
            assertNotNull(reason, "dead letter carries its reason");
            assertFalse(new String(reason.value(), StandardCharsets.UTF_8).isBlank());
            assertEquals(ExportRequestListener.CONSUMER,
                    new String(dead.headers().lastHeader(Topic.DLQ_CONSUMER_HEADER).value(), StandardCharsets.UTF_8));

            var status = (ExportStatus) statuses.awaitRecords(r -> r.value() instanceof ExportStatus s
                    && s.getExportId().equals(next.getExportId()), 1).getFirst().value();
            assertEquals(ExportState.running, status.getStatus());
            assertEquals(6, status.getPlan().getRows());
        }
    }

    @Test
    void channelsUseTheTopicsOfTheCatalog() {
        var config = ConfigProvider.getConfig();
        assertEquals(Topic.EXPORT_REQUESTS.topicName(),
                config.getValue("mp.messaging.incoming." + ExportRequestListener.CHANNEL + ".topic", String.class));
        assertEquals(Topic.EXPORT_SHARD_TASKS.topicName(),
                config.getValue("mp.messaging.outgoing." + PlanPublisher.SHARD_TASKS_CHANNEL + ".topic", String.class));
        assertEquals(Topic.EXPORT_STATUS.topicName(),
                config.getValue("mp.messaging.outgoing." + PlanPublisher.EXPORT_STATUS_CHANNEL + ".topic", String.class));
        assertEquals(ExportRequestListener.CONSUMER,
                config.getValue("mp.messaging.incoming." + ExportRequestListener.CHANNEL + ".group.id", String.class));
    }
}
