package com.nusomi.kit.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nusomi.contracts.ErrorCode;
import com.nusomi.contracts.avro.AzureBlobDestination;
import com.nusomi.contracts.avro.ExportFilter;
import com.nusomi.contracts.avro.ExportFormat;
import com.nusomi.contracts.avro.ExportRequest;
import com.nusomi.contracts.avro.FrameSampling;
import com.nusomi.contracts.avro.GcsDestination;
import com.nusomi.contracts.avro.S3Destination;
import com.nusomi.contracts.avro.SamplingMode;
import com.nusomi.contracts.avro.SignedUrlDestination;
import com.nusomi.kit.api.ApiException;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ExportRulesTest {

    static ExportRequest request(Consumer<ExportRequest> change) {
        var request = ExportRequest.newBuilder()
                .setExportId("exp_01JTEST00000000000000000000")
                .setWorkspaceId("wsp_01JTEST00000000000000000000")
                .setWorkflows(List.of("process_invoice"))
                .setFilter(ExportFilter.newBuilder().build())
                .setFormat(ExportFormat.parquet)
                .setFrameSampling(FrameSampling.newBuilder().build())
                .setDestination(S3Destination.newBuilder().setBucket("training").setPrefix("nusomi/v1/").build())
                .setShardSizeBytes(256L * 1024 * 1024)
                .setRequestedAt(Instant.parse("2026-05-07T14:08:11Z"))
                .build();
        change.accept(request);
        return request;
    }

    private static ExportViolation violation(Consumer<ExportRequest> change) {
        return ExportRules.check(request(change)).orElseThrow(() -> new AssertionError("expected a violation"));
    }

    private static void refused(ErrorCode code, String param, Consumer<ExportRequest> change) {
        var v = violation(change);
        assertEquals(code, v.code(), v.message());
        assertEquals(param, v.param(), v.message());
        assertTrue(!v.message().isBlank());
    }

    @Test
    void acceptsEveryFormatSamplingModeAndDestination() {
        for (var format : ExportFormat.values()) {
            assertTrue(ExportRules.check(request(r -> r.setFormat(format))).isEmpty());
        }
        for (var mode : SamplingMode.values()) {
            assertTrue(ExportRules.check(request(r -> r.setFrameSampling(new FrameSampling(mode, 100L, false)))).isEmpty());
        }
        assertTrue(ExportRules.check(request(r -> r.setDestination(new GcsDestination("b", "p/", "sa@x.iam.gserviceaccount.com")))).isEmpty());
        assertTrue(ExportRules.check(request(r -> r.setDestination(new AzureBlobDestination("acct", "training", "")))).isEmpty());
        assertTrue(ExportRules.check(request(r -> r.setDestination(new SignedUrlDestination(null)))).isEmpty());
        assertTrue(ExportRules.check(request(r -> r.setDestination(S3Destination.newBuilder().setBucket("b")
                .setRoleArn("arn:aws:iam::123456789012:role/NusomiExport").setEndpoint("http://127.0.0.1:9000").build()))).isEmpty());
    }

    @Test
    void workflowsAreSlugs() {
        refused(ErrorCode.INVALID_WORKFLOW_SLUG, "workflow", r -> r.setWorkflows(List.of()));
        refused(ErrorCode.INVALID_WORKFLOW_SLUG, "workflow", r -> r.setWorkflows(List.of("ok_one", "Not A Slug")));
    }

    @Test
    void filterRules() {
        refused(ErrorCode.INVALID_FILTER, "filter.path", r -> r.getFilter().setPath("pth_01J00000000000000000000000"));
        assertTrue(violation(r -> r.getFilter().setPath("pth_x")).message().contains("memory graph"));
        refused(ErrorCode.INVALID_FILTER, "filter.since", r -> {
            r.getFilter().setSince(Instant.parse("2026-02-01T00:00:00Z"));
            r.getFilter().setUntil(Instant.parse("2026-02-01T00:00:00Z"));
        });
        refused(ErrorCode.INVALID_FILTER, "filter.min_duration_ms", r -> r.getFilter().setMinDurationMs(-1L));
        refused(ErrorCode.INVALID_FILTER, "filter.max_duration_ms", r -> r.getFilter().setMaxDurationMs(-1L));
        refused(ErrorCode.INVALID_FILTER, "filter.min_duration_ms", r -> {
            r.getFilter().setMinDurationMs(10L);
            r.getFilter().setMaxDurationMs(9L);
        });
        refused(ErrorCode.INVALID_FILTER, "filter.min_event_confidence", r -> r.getFilter().setMinEventConfidence(1.01));
        refused(ErrorCode.INVALID_FILTER, "filter.min_event_confidence", r -> r.getFilter().setMinEventConfidence(Double.NaN));
        refused(ErrorCode.INVALID_FILTER, "filter.exclude_session_ids", r -> r.getFilter().setExcludeSessionIds(List.of("frm_1")));
        refused(ErrorCode.INVALID_FILTER, "filter.exclude_session_ids", r -> r.getFilter().setExcludeSessionIds(
                Collections.nCopies(ExportRules.EXCLUDED_SESSIONS_MAX + 1, "ses_01JTEST00000000000000000000")));
        refused(ErrorCode.INVALID_FILTER, "filter.tag", r -> r.getFilter().setTag(" "));
    }

    @Test
    void samplingRules() {
        refused(ErrorCode.INVALID_REQUEST, "frame_sampling.interval_ms",
                r -> r.setFrameSampling(new FrameSampling(SamplingMode.every_n_ms, null, true)));
        refused(ErrorCode.INVALID_REQUEST, "frame_sampling.interval_ms",
                r -> r.setFrameSampling(new FrameSampling(SamplingMode.every_n_ms, 0L, true)));
    }

    @Test
    void destinationRules() {
        refused(ErrorCode.INVALID_REQUEST, "destination.bucket", r -> r.setDestination(S3Destination.newBuilder().setBucket(" ").build()));
        refused(ErrorCode.INVALID_REQUEST, "destination.prefix",
                r -> r.setDestination(S3Destination.newBuilder().setBucket("b").setPrefix("a/../b/").build()));
        refused(ErrorCode.INVALID_REQUEST, "destination.endpoint",
                r -> r.setDestination(S3Destination.newBuilder().setBucket("b").setEndpoint("ftp://x").build()));
        refused(ErrorCode.INVALID_REQUEST, "destination.role_arn",
                r -> r.setDestination(S3Destination.newBuilder().setBucket("b").setRoleArn("NusomiExport").build()));
        refused(ErrorCode.INVALID_REQUEST, "destination.bucket", r -> r.setDestination(new GcsDestination("", "", null)));
        refused(ErrorCode.INVALID_REQUEST, "destination.account", r -> r.setDestination(new AzureBlobDestination("", "c", "")));
        refused(ErrorCode.INVALID_REQUEST, "destination.container", r -> r.setDestination(new AzureBlobDestination("a", "", "")));
    }

    @Test
    void tagAndShardSize() {
        refused(ErrorCode.INVALID_REQUEST, "tag", r -> r.setTag(""));
        refused(ErrorCode.INVALID_REQUEST, "tag", r -> r.setTag("x".repeat(ExportRules.TAG_MAX_CHARS + 1)));
        refused(ErrorCode.INVALID_REQUEST, "shard_size_bytes", r -> r.setShardSizeBytes(1023));
    }

    @Test
    void requireThrowsTheViolationAsAnApiError() {
        var e = assertThrows(ApiException.class, () -> ExportRules.require(request(r -> r.getFilter().setMinEventConfidence(2.0))));
        assertEquals(ErrorCode.INVALID_FILTER, e.code());
        assertEquals("filter.min_event_confidence", e.param());
    }
}
