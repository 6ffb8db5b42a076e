package com.nusomi.exportplanner.service;

import static com.nusomi.exportplanner.support.CatalogFixture.WORKFLOW;
import static com.nusomi.exportplanner.support.CatalogFixture.WORKSPACE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nusomi.contracts.Topic;
import com.nusomi.contracts.avro.ActorKind;
import com.nusomi.contracts.avro.ExportFormat;
import com.nusomi.contracts.avro.ExportRequest;
import com.nusomi.contracts.avro.ExportState;
import com.nusomi.contracts.avro.ExportStatus;
import com.nusomi.contracts.avro.Outcome;
import com.nusomi.contracts.avro.ShardRowRef;
import com.nusomi.contracts.avro.ShardTask;
import com.nusomi.exportplanner.support.PlannerDevStack;
import com.nusomi.exportplanner.support.CatalogFixture;
import com.nusomi.exportplanner.support.CatalogFixture.ExpectedRow;
import com.nusomi.exportplanner.support.Kafka;
import com.nusomi.exportplanner.support.Requests;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Export requests in, shard tasks and export status out, over the devstack broker, registry and catalog. */
@QuarkusTest
@QuarkusTestResource(value = PlannerDevStack.class)
class ExportPlannerTest {
    private static final long ONE_SHARD = 64L * 1024 * 1024;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TestHTTPResource("/q/metrics")
    URI metrics;

    private static CatalogFixture catalog;
    private static Kafka.Tail<Object> statuses;
    private static Kafka.Tail<Object> tasks;

    @BeforeAll
    static void seed() {
        catalog = CatalogFixture.get();
        statuses = Kafka.tailAvro(Topic.EXPORT_STATUS.topicName());
        tasks = Kafka.tailAvro(Topic.EXPORT_SHARD_TASKS.topicName());
    }

    @AfterAll
    static void close() {
        if (statuses != null) {
            statuses.close();
        }
        if (tasks != null) {
            tasks.close();
        }
    }

    @Test
    void plansOneRowPerEventInExportOrderLinkedToThePriorEvent() throws Exception {
        var request = Requests.jsonl(WORKSPACE, List.of(WORKFLOW), ONE_SHARD, r -> {});

        var planned = plan(request);

        assertEquals(ExportState.running, planned.status().getStatus());
        assertEquals(1, planned.tasks().size());
        var task = planned.tasks().getFirst();
        assertEquals(request.getExportId() + "/0", planned.keys().getFirst());
        assertEquals(0, task.getShardIndex());
        assertEquals(1, task.getShardCount());
        assertEquals("shard-000000.jsonl", task.getObjectName());
        assertEquals(ExportFormat.jsonl, task.getFormat());
        assertEquals(request.getDestination(), task.getDestination());
        assertEquals(WORKSPACE, task.getWorkspaceId());

        var expected = catalog.expectedRows(e -> true);
        assertEquals(6, expected.size());
        assertRows(expected, task.getRows());
        assertTrue(task.getRows().stream().allMatch(r -> WORKFLOW.equals(r.getWorkflow())));
        assertEquals(Set.of(catalog.success, catalog.error),
                task.getRows().stream().map(ShardRowRef::getSessionId).collect(Collectors.toSet()),
                "other workspaces, unsealed sessions, other workflows and sessions sealed after the request stay out");

        var plan = planned.status().getPlan();
        assertEquals(List.of(WORKFLOW), plan.getWorkflows());
        assertEquals(ExportFormat.jsonl, plan.getFormat());
        assertEquals("process_invoice@v1", plan.getTag());
        assertEquals(ONE_SHARD, plan.getShardSizeBytes());
        assertEquals(request.getDestination(), plan.getDestination());
        assertEquals(6, plan.getRows());
        assertEquals(1, plan.getShards());
        assertEquals(3, plan.getFrames());
        assertEquals(6, plan.getActions());
        var summary = new ObjectMapper().readTree(plan.getFilterSummary());
        assertEquals("created_at", summary.get("time_axis").asText());
        assertEquals(request.getRequestedAt().toString(), summary.get("sealed_by").asText());
        assertTrue(summary.get("outcome").isNull());
    }

    @Test
    void theOutcomeFilterKeepsOnlySessionsWithThatOutcome() {
        var planned = plan(Requests.jsonl(WORKSPACE, List.of(WORKFLOW), ONE_SHARD,
                r -> r.getFilter().setOutcome(Outcome.success)));

        assertRows(catalog.expectedRows(e -> e.sessionId().equals(catalog.success)), onlyTask(planned).getRows());
        assertEquals(3, planned.status().getPlan().getRows());
        assertEquals(2, planned.status().getPlan().getFrames());
    }

    @Test
    void sessionFiltersNarrowTheSelection() {
        var onlyError = catalog.expectedRows(e -> e.sessionId().equals(catalog.error));
        var onlySuccess = catalog.expectedRows(e -> e.sessionId().equals(catalog.success));

        assertRows(onlyError, rowsOf(r -> r.getFilter().setTag("gold")));
        assertRows(onlyError, rowsOf(r -> r.getFilter().setExcludeSessionIds(List.of(catalog.success))));
        assertRows(onlyError, rowsOf(r -> r.getFilter().setActorKind(ActorKind.model)));
        assertRows(onlyError, rowsOf(r -> r.getFilter().setMinDurationMs(10_000L)));
        assertRows(onlySuccess, rowsOf(r -> r.getFilter().setMaxDurationMs(5_000L)));
        assertRows(onlySuccess, rowsOf(r -> r.getFilter().setUntil(CatalogFixture.T0.plus(Duration.ofMinutes(30)))));
        assertRows(onlyError, rowsOf(r -> r.getFilter().setSince(CatalogFixture.T0.plus(Duration.ofMinutes(30)))));
    }

    @Test
    void eventsBelowTheConfidenceFloorAreDroppedAndSkippedByPriorAction() {
        var rows = rowsOf(r -> r.getFilter().setMinEventConfidence(0.9));

        var expected = catalog.expectedRows(e -> e.confidence() >= 0.9);
        assertEquals(5, expected.size());
        assertRows(expected, rows);
    }

    @Test
    void cutsShardsOfAboutShardSizeBytes() {
        // every row carries a ~3 KB DOM: two rows fit in 8000 bytes, three do not
        var request = Requests.jsonl(WORKSPACE, List.of(WORKFLOW), 8_000, r -> {});

        var planned = plan(request);

        assertEquals(3, planned.status().getPlan().getShards());
        assertEquals(3, planned.tasks().size());
        for (int i = 0; i < 3; i++) {
            var task = planned.tasks().get(i);
            assertEquals(i, task.getShardIndex());
            assertEquals(3, task.getShardCount());
            assertEquals("shard-%06d.jsonl".formatted(i), task.getObjectName());
            assertEquals(request.getExportId() + "/" + i, planned.keys().get(i));
            assertEquals(2, task.getRows().size());
        }
        var allRows = planned.tasks().stream().flatMap(t -> t.getRows().stream()).toList();
        assertRows(catalog.expectedRows(e -> true), allRows);
    }

    @Test
    void aRedeliveredRequestRepublishesTheSameTasks() {
        var request = Requests.jsonl(WORKSPACE, List.of(WORKFLOW), 8_000, r -> {});

        Kafka.sendAvro(Topic.EXPORT_REQUESTS.topicName(), request.getExportId(), request);
        Kafka.sendAvro(Topic.EXPORT_REQUESTS.topicName(), request.getExportId(), request);
        statuses.await(r -> isFor(request, r), 2, WAIT);

        var published = tasksOf(request);
        assertEquals(6, published.size());
        var byShard = published.stream().collect(Collectors.groupingBy(ShardTask::getShardIndex));
        assertEquals(3, byShard.size());
        byShard.values().forEach(copies -> assertEquals(copies.get(0), copies.get(1)));
    }

    @Test
    void noMatchingRowsGiveAnEmptyPlan() {
        var planned = plan(Requests.jsonl(WORKSPACE, List.of("no_such_flow"), ONE_SHARD, r -> {}));

        assertEquals(ExportState.running, planned.status().getStatus());
        assertEquals(0, planned.status().getPlan().getRows());
        assertEquals(0, planned.status().getPlan().getShards());
        assertEquals(0, planned.status().getPlan().getFrames());
        assertEquals(List.of(), planned.tasks());
    }

    @Test
    void anUnsupportedFormatFailsTheExport() {
        var planned = plan(Requests.jsonl(WORKSPACE, List.of(WORKFLOW), ONE_SHARD, r -> r.setFormat(ExportFormat.parquet)));

        assertFailed(planned, "unsupported_format");
    }

    @Test
    void aMemoryPathFilterFailsTheExportForNow() {
        var planned = plan(Requests.jsonl(WORKSPACE, List.of(WORKFLOW), ONE_SHARD,
                r -> r.getFilter().setPath("pth_01J00000000000000000000000")));

        assertFailed(planned, "invalid_filter");
    }

    @Test
    void countsPlannedExportsRowsAndShardsInMetrics() throws Exception {
        plan(Requests.jsonl(WORKSPACE, List.of(WORKFLOW), ONE_SHARD, r -> {}));

        var metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(this.metrics).build(),
                HttpResponse.BodyHandlers.ofString()).body();

        assertTrue(metrics.contains("nusomi_exports_planned_total{"), metrics);
        assertTrue(metrics.contains("result=\"running\""), metrics);
        assertTrue(metrics.contains("nusomi_exports_planned_rows_total"), metrics);
        assertTrue(metrics.contains("nusomi_exports_planned_shards_total"), metrics);
        assertTrue(metrics.contains("nusomi_exports_planning_seconds"), metrics);
    }

    private static void assertFailed(Planned planned, String code) {
        assertEquals(ExportState.failed, planned.status().getStatus());
        assertNull(planned.status().getPlan());
        assertNotNull(planned.status().getError());
        assertEquals(code, planned.status().getError().getCode());
        assertTrue(!planned.status().getError().getMessage().isBlank());
        assertEquals(List.of(), planned.tasks());
    }

    private static void assertRows(List<ExpectedRow> expected, List<ShardRowRef> actual) {
        var seen = actual.stream().map(r -> new ExpectedRow(r.getSessionId(), r.getTMs(), r.getFrameId(), r.getEventId(),
                r.getPriorEventId(), r.getOutcome() == null ? null : r.getOutcome().name())).toList();
        assertEquals(expected, seen);
    }

    private static List<ShardRowRef> rowsOf(Consumer<ExportRequest> filter) {
        return onlyTask(plan(Requests.jsonl(WORKSPACE, List.of(WORKFLOW), ONE_SHARD, filter))).getRows();
    }

    private static ShardTask onlyTask(Planned planned) {
        assertEquals(ExportState.running, planned.status().getStatus(), () -> String.valueOf(planned.status().getError()));
        assertEquals(1, planned.tasks().size());
        return planned.tasks().getFirst();
    }

    /** Publishes the request and returns the status and the tasks the planner published for it. */
    private static Planned plan(ExportRequest request) {
        Kafka.sendAvro(Topic.EXPORT_REQUESTS.topicName(), request.getExportId(), request);
        var status = (ExportStatus) statuses.await(r -> isFor(request, r), 1, WAIT).getFirst().value();
        var records = tasks.drain(r -> r.value() instanceof ShardTask t && t.getExportId().equals(request.getExportId()))
                .stream().sorted(Comparator.comparingInt(r -> ((ShardTask) r.value()).getShardIndex())).toList();
        return new Planned(status,
                records.stream().map(r -> (ShardTask) r.value()).toList(),
                records.stream().map(ConsumerRecord::key).toList());
    }

    private static List<ShardTask> tasksOf(ExportRequest request) {
        return tasks.drain(r -> r.value() instanceof ShardTask t && t.getExportId().equals(request.getExportId()))
                .stream().map(r -> (ShardTask) r.value()).toList();
    }

    private static boolean isFor(ExportRequest request, ConsumerRecord<String, Object> record) {
        return record.value() instanceof ExportStatus s && s.getExportId().equals(request.getExportId())
                && request.getExportId().equals(record.key());
    }

    private record Planned(ExportStatus status, List<ShardTask> tasks, List<String> keys) {}
}
