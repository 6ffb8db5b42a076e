package com.nusomi.exportplanner.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.nusomi.contracts.avro.ExportFilter;
import com.nusomi.contracts.avro.ExportFormat;
import com.nusomi.contracts.avro.ExportRequest;
import com.nusomi.contracts.avro.FrameSampling;
import com.nusomi.contracts.avro.Outcome;
import com.nusomi.contracts.avro.SignedUrlDestination;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FilterSummaryTest {

    @Test
    void printsEveryKeyInAFixedOrder() {
        var request = ExportRequest.newBuilder()
                .setExportId("exp_1").setWorkspaceId("wsp_1").setWorkflows(List.of("process_invoice"))
                .setFilter(ExportFilter.newBuilder().setOutcome(Outcome.success)
                        .setUntil(Instant.parse("2026-05-01T00:00:00Z"))
                        .setExcludeSessionIds(List.of("ses_B", "ses_A", "ses_B")).build())
                .setFormat(ExportFormat.jsonl).setFrameSampling(FrameSampling.newBuilder().build())
                .setDestination(new SignedUrlDestination(null)).setShardSizeBytes(1 << 20)
                .setRequestedAt(Instant.parse("2026-05-07T14:08:11Z")).build();

        String summary = FilterSummary.of(Selection.of(request), request.getFrameSampling());

        assertEquals("{\"outcome\":\"success\",\"since\":null,\"until\":\"2026-05-01T00:00:00Z\",\"time_axis\":\"created_at\","
                + "\"sealed_by\":\"2026-05-07T14:08:11Z\",\"actor_kind\":null,\"min_duration_ms\":null,\"max_duration_ms\":null,"
                + "\"tag\":null,\"path\":null,\"exclude_session_ids\":[\"ses_A\",\"ses_B\"],\"min_event_confidence\":null,"
                + "\"frame_sampling\":{\"mode\":\"event_only\",\"interval_ms\":null,\"keep_action_frames\":true}}", summary);
    }
}
