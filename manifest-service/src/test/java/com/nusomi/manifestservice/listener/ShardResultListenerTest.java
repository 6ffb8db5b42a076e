package com.nusomi.manifestservice.listener;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.nusomi.contracts.IdPrefix;
import com.nusomi.contracts.Topic;
import com.nusomi.contracts.avro.ExportFormat;
import com.nusomi.contracts.avro.ExportPlan;
import com.nusomi.contracts.avro.ExportState;
import com.nusomi.contracts.avro.ExportStatus;
import com.nusomi.contracts.avro.ShardResult;
import com.nusomi.contracts.avro.SignedUrlDestination;
import com.nusomi.manifestservice.service.StatusPublisher;
import com.nusomi.manifestservice.support.DevStackWithGatewayTables;
import com.nusomi.manifestservice.support.ManifestServiceTestProfile;
import com.nusomi.manifestservice.support.TestKafka;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** Poison records on both consumed topics are dead-lettered and the consumers go on. */
@QuarkusTest
@TestProfile(ManifestServiceTestProfile.class)
@QuarkusTestResource(DevStackWithGatewayTables.class)
class ShardResultListenerTest {

    @Test
    void aPoisonShardResultIsDeadLetteredAndTheNextResultIsTaken() {
        String exportId = IdPrefix.EXPORT.newId();
        String workspace = IdPrefix.WORKSPACE.newId();
        byte[] poison = "not an avro shard result".getBytes(StandardCharsets.UTF_8);

        TestKafka.sendRaw(Topic.EXPORT_SHARD_RESULTS, exportId, poison);
        TestKafka.send(Topic.EXPORT_SHARD_RESULTS, exportId, ShardResult.newBuilder().setExportId(exportId)
                .setWorkspaceId(workspace).setShardIndex(0).setShardCount(1).setOk(false).setError("boom")
                .setCompletedAt(Instant.now()).build());
        TestKafka.send(Topic.EXPORT_STATUS, exportId, plan(exportId, workspace));

        ConsumerRecord<String, byte[]> dead = TestKafka.awaitDeadLetter(Topic.EXPORT_SHARD_RESULTS, exportId);
        assertArrayEquals(poison, dead.value());
        assertNotNull(dead.headers().lastHeader(Topic.DLQ_REASON_HEADER));
        assertEquals("manifest-service", new String(dead.headers().lastHeader(Topic.DLQ_CONSUMER_HEADER).value(), StandardCharsets.UTF_8));
        ExportStatus failed = TestKafka.await(Topic.EXPORT_STATUS, ExportStatus.class,
                r -> r.value().getExportId().equals(exportId) && r.value().getStatus() == ExportState.failed).value();
        assertEquals("internal_error", failed.getError().getCode());
    }

    @Test
    void aPoisonStatusIsDeadLetteredAndTheNextPlanIsTaken() {
        String exportId = IdPrefix.EXPORT.newId();
        String workspace = IdPrefix.WORKSPACE.newId();
        byte[] poison = "not an avro export status".getBytes(StandardCharsets.UTF_8);

        TestKafka.sendRaw(Topic.EXPORT_STATUS, exportId, poison);
        TestKafka.send(Topic.EXPORT_STATUS, exportId, ExportStatus.newBuilder(plan(exportId, workspace))
                .setPlan(ExportPlan.newBuilder(plan(exportId, workspace).getPlan()).setShards(0).build()).build());

        ConsumerRecord<String, byte[]> dead = TestKafka.awaitDeadLetter(Topic.EXPORT_STATUS, exportId);
        assertArrayEquals(poison, dead.value());
        assertNotNull(dead.headers().lastHeader(Topic.DLQ_REASON_HEADER));
        TestKafka.await(Topic.EXPORT_STATUS, ExportStatus.class,
                r -> r.value().getExportId().equals(exportId) && r.value().getStatus() == ExportState.completed);
    }

    @Test
    void consumesAndProducesTheTopicsOfTheCatalog() {
        var config = ConfigProvider.getConfig();
        assertEquals(Topic.EXPORT_SHARD_RESULTS.topicName(),
                config.getValue("mp.messaging.incoming." + ShardResultListener.CHANNEL + ".topic", String.class));
        assertEquals(Topic.EXPORT_STATUS.topicName(),
                config.getValue("mp.messaging.incoming." + ExportStatusListener.CHANNEL + ".topic", String.class));
        assertEquals(Topic.EXPORT_STATUS.topicName(),
                config.getValue("mp.messaging.outgoing." + StatusPublisher.CHANNEL + ".topic", String.class));
    }

    private static ExportStatus plan(String exportId, String workspace) {
        return ExportStatus.newBuilder().setExportId(exportId).setWorkspaceId(workspace).setStatus(ExportState.running)
                .setAt(Instant.now()).setPlan(ExportPlan.newBuilder().setWorkflows(List.of("process_invoice"))
                        .setFormat(ExportFormat.jsonl).setShardSizeBytes(1024).setDestination(new SignedUrlDestination(null))
                        .setFilterSummary("{}").setRows(1).setShards(1).setFrames(1).setActions(1).build())
                .build();
    }
}
