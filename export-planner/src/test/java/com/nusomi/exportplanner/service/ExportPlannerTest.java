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
import com.nusomi.contracts.avro.SamplingMode;
import com.nusomi.contracts.avro.ShardTask;
import com.nusomi.devstack.DevStackResource;
import com.nusomi.exportplanner.publish.TaskPartitioner;
import com.nusomi.exportplanner.support.CatalogFixture;
import com.nusomi.exportplanner.support.CatalogFixture.ExpectedRow;
import com.nusomi.exportplanner.support.CatalogSeed;
import com.nusomi.devstack.testing.TopicReader;
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
@QuarkusTestResource(value = DevStackResource.class)
class ExportPlannerTest {
    private static final long ONE_SHARD = 64L * 1024 * 1024;

    @TestHTTPResource("/q/metrics")
    URI metrics;

    private static CatalogFixture catalog;
    private static TopicReader<Object> statuses;
    private static TopicReader<Object> tasks;

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

        assertEquals(0, task.getFirstRow());
        assertEquals(6, task.getRowCount());
        assertTrue(task.getEstimatedBytes() > 6 * 3000, "six rows of ~3 KB DOM each: " + task.getEstimatedBytes());
        var expected = catalog.expectedRows(e -> true);
        assertEquals(6, expected.size());
        assertRows(expected, rowsOf(request, task));
        assertEquals(Set.of(catalog.success, catalog.error),
                rowsOf(request, task).stream().map(ExpectedRow::sessionId).collect(Collectors.toSet()),
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
        assertEquals(request.getRequestedAt(), plan.getRequestedAt());
        var summary = new ObjectMapper().readTree(plan.getFilterSummary());
        assertEquals("created_at", summary.get("time_axis").asText());
        assertEquals(request.getRequestedAt().toString(), summary.get("sealed_by").asText());
        assertTrue(summary.get("outcome").isNull());
    }

    @Test
    void theOutcomeFilterKeepsOnlySessionsWithThatOutcome() {
        var request = Requests.jsonl(WORKSPACE, List.of(WORKFLOW), ONE_SHARD, r -> r.getFilter().setOutcome(Outcome.success));
        var planned = plan(request);

        assertRows(catalog.expectedRows(e -> e.sessionId().equals(catalog.success)), rowsOf(request, onlyTask(planned)));
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
            assertEquals(TaskPartitioner.of(planned.keys().get(i), Topic.EXPORT_SHARD_TASKS.partitions()), planned.partitions().get(i),
                    "an export's shards go round-robin over the task partitions (so over the writers)");
            assertEquals(2, task.getRowCount());
            assertEquals(2L * i, task.getFirstRow());
        }
        var allRows = planned.tasks().stream().flatMap(t -> rowsOf(request, t).stream()).toList();
        assertRows(catalog.expectedRows(e -> true), allRows);
    }

    @Test
    void aShardHoldsAnyNumberOfRows() {
        CatalogSeed.bulkSession(WORKSPACE, "bulk_flow", 12_000);
        var request = Requests.jsonl(WORKSPACE, List.of("bulk_flow"), 256L * 1024 * 1024, r -> {});

        var task = onlyTask(plan(request));

        assertEquals(0, task.getFirstRow());
        assertEquals(12_000, task.getRowCount(), "no row cap: the task names a range, not its rows");
        var rows = rowsOf(request, task);
        assertEquals(12_000, rows.size());
        assertEquals(List.of(1L, 2L, 3L), rows.subList(0, 3).stream().map(ExpectedRow::tMs).toList());
        assertEquals(rows.get(0).eventId(), rows.get(1).priorEventId());
    }

    @Test
    void aRedeliveredRequestRepublishesTheSameTasks() {
        var request = Requests.jsonl(WORKSPACE, List.of(WORKFLOW), 8_000, r -> {});

        Kafka.sendAvro(Topic.EXPORT_REQUESTS.topicName(), request.getExportId(), request);
        Kafka.sendAvro(Topic.EXPORT_REQUESTS.topicName(), request.getExportId(), request);
        statuses.awaitRecords(r -> isFor(request, r), 2);

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
    void aRequestBreakingTheSharedRulesFailsTheExport() {
        var planned = plan(Requests.jsonl(WORKSPACE, List.of(WORKFLOW), ONE_SHARD,
                r -> r.getFrameSampling().setMode(SamplingMode.every_n_ms)));

        assertFailed(planned, "invalid_request");
        assertTrue(planned.status().getError().getMessage().contains("interval_ms"), planned.status().getError().getMessage());
    }

    @Test
    void everyFormatIsPlannedWithItsObjectNames() {
        for (var format : ExportFormat.values()) {
            var planned = plan(Requests.jsonl(WORKSPACE, List.of(WORKFLOW), ONE_SHARD, r -> r.setFormat(format)));
            assertEquals(format, onlyTask(planned).getFormat());
            assertEquals(ShardObjectNames.of(format, 0), onlyTask(planned).getObjectName());
        }
    }

    @Test
    void allFramesGivesFramesWithoutEventsTheirOwnRow() {
        var request = Requests.jsonl(WORKSPACE, List.of(WORKFLOW), ONE_SHARD,
                r -> r.getFrameSampling().setMode(SamplingMode.all));
        var planned = plan(request);

        var rows = rowsOf(request, onlyTask(planned));
        var eventRows = catalog.expectedRows(e -> true);
        var quiet = new ExpectedRow(catalog.success, 500, catalog.quietFrame, null, eventRows.get(1).eventId(), "success");
        var expected = new java.util.ArrayList<>(eventRows);
        expected.add(2, quiet);
        assertRows(expected, rows);
        assertEquals(7, planned.status().getPlan().getRows());
        assertEquals(6, planned.status().getPlan().getActions());
        assertEquals(4, planned.status().getPlan().getFrames());
    }

    @Test
    void keyframesOnlyAndEveryNMsSelectFramesFromTheCatalogsFacts() {
        var eventRows = catalog.expectedRows(e -> true);
        var keyframes = Requests.jsonl(WORKSPACE, List.of(WORKFLOW), ONE_SHARD,
                r -> r.getFrameSampling().setMode(SamplingMode.keyframes_only));
        assertRows(eventRows, rowsOf(keyframes, onlyTask(plan(keyframes))), "the quiet frame is not a keyframe");

        // frames at 0, 500, 1000: windows of 600 ms put 500 in the first frame's window, windows of 400 ms do not
        var slow = Requests.jsonl(WORKSPACE, List.of(WORKFLOW), ONE_SHARD, r -> r.setFrameSampling(
                com.nusomi.contracts.avro.FrameSampling.newBuilder().setMode(SamplingMode.every_n_ms).setIntervalMs(600L)
                        .setKeepActionFrames(false).build()));
        assertRows(eventRows, rowsOf(slow, onlyTask(plan(slow))));
        var fast = Requests.jsonl(WORKSPACE, List.of(WORKFLOW), ONE_SHARD, r -> r.setFrameSampling(
                com.nusomi.contracts.avro.FrameSampling.newBuilder().setMode(SamplingMode.every_n_ms).setIntervalMs(400L)
                        .setKeepActionFrames(false).build()));
        var rows = rowsOf(fast, onlyTask(plan(fast)));
        assertEquals(7, rows.size());
        assertEquals(catalog.quietFrame, rows.get(2).frameId());
    }

    @Test
    void theSameRequestWithAFixedUntilGivesTheSameRowsAndBoundaries() {
        java.util.function.Consumer<ExportRequest> frozen = r -> {
            r.getFilter().setUntil(CatalogFixture.T0.plus(Duration.ofDays(1)));
            r.getFrameSampling().setMode(SamplingMode.all);
        };
        var first = Requests.jsonl(WORKSPACE, List.of(WORKFLOW), 8_000, frozen);
        var second = Requests.jsonl(WORKSPACE, List.of(WORKFLOW), 8_000, frozen);
        var a = plan(first);
        var b = plan(second);

        assertEquals(ranges(a), ranges(b));
        assertTrue(a.tasks().size() > 1, "several shards: " + a.tasks().size());
        for (int i = 0; i < a.tasks().size(); i++) {
            assertEquals(rowsOf(first, a.tasks().get(i)), rowsOf(second, b.tasks().get(i)));
        }
        assertEquals(a.status().getPlan().getFilterSummary().replace(first.getRequestedAt().toString(), "T"),
                b.status().getPlan().getFilterSummary().replace(second.getRequestedAt().toString(), "T"));
    }

    private static List<List<Long>> ranges(Planned planned) {
        return planned.tasks().stream().map(t -> List.of((long) t.getShardIndex(), t.getFirstRow(), t.getRowCount(),
                t.getEstimatedBytes())).toList();
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

    private static void assertRows(List<ExpectedRow> expected, List<ExpectedRow> actual) {
        assertEquals(expected, actual);
    }

    private static void assertRows(List<ExpectedRow> expected, List<ExpectedRow> actual, String message) {
        assertEquals(expected, actual, message);
    }

    /** The rows a task names, as the shard writer reads them from the planner's table. */
    private static List<ExpectedRow> rowsOf(ExportRequest request, ShardTask task) {
        var rows = CatalogSeed.planRows(request.getExportId(), task.getFirstRow(), task.getRowCount());
        assertEquals(task.getRowCount(), rows.size(), "every row of the task's range is stored");
        return rows;
    }

    private static List<ExpectedRow> rowsOf(Consumer<ExportRequest> filter) {
        var request = Requests.jsonl(WORKSPACE, List.of(WORKFLOW), ONE_SHARD, filter);
        return rowsOf(request, onlyTask(plan(request)));
    }

    private static ShardTask onlyTask(Planned planned) {
        assertEquals(ExportState.running, planned.status().getStatus(), () -> String.valueOf(planned.status().getError()));
        assertEquals(1, planned.tasks().size());
        return planned.tasks().getFirst();
    }

    /** Publishes the request and returns the status and the tasks the planner published for it. */
    private static Planned plan(ExportRequest request) {
        Kafka.sendAvro(Topic.EXPORT_REQUESTS.topicName(), request.getExportId(), request);
        var status = (ExportStatus) statuses.awaitRecords(r -> isFor(request, r), 1).getFirst().value();
        var records = tasks.upToNow(r -> r.value() instanceof ShardTask t && t.getExportId().equals(request.getExportId()))
                .stream().sorted(Comparator.comparingInt(r -> ((ShardTask) r.value()).getShardIndex())).toList();
        return new Planned(status,
                records.stream().map(r -> (ShardTask) r.value()).toList(),
                records.stream().map(ConsumerRecord::key).toList(),
                records.stream().map(ConsumerRecord::partition).toList());
    }

    private static List<ShardTask> tasksOf(ExportRequest request) {
        return tasks.upToNow(r -> r.value() instanceof ShardTask t && t.getExportId().equals(request.getExportId()))
                .stream().map(r -> (ShardTask) r.value()).toList();
    }

    private static boolean isFor(ExportRequest request, ConsumerRecord<String, Object> record) {
        return record.value() instanceof ExportStatus s && s.getExportId().equals(request.getExportId())
                && request.getExportId().equals(record.key());
    }

    private record Planned(ExportStatus status, List<ShardTask> tasks, List<String> keys, List<Integer> partitions) {}
}
