package com.nusomi.exportplanner.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class RequestValidatorTest {

    @Test
    void acceptsAPlannableRequest() {
        assertTrue(RequestValidator.check(request(r -> {})).isEmpty());
        assertTrue(RequestValidator.check(request(r -> r.setDestination(new SignedUrlDestination(null)))).isEmpty());
    }

    @Test
    void formatsOtherThanJsonlAreNotSupportedYet() {
        var rejection = RequestValidator.check(request(r -> r.setFormat(ExportFormat.parquet))).orElseThrow();

        assertEquals(ErrorCode.UNSUPPORTED_FORMAT, rejection.code());
        assertEquals("format parquet is not supported yet (supported: jsonl)", rejection.message());
    }

    @Test
    void samplingModesOtherThanEventOnlyAreNotSupportedYet() {
        var rejection = RequestValidator.check(request(r -> r.setFrameSampling(
                new FrameSampling(SamplingMode.every_n_ms, 100L, true)))).orElseThrow();

        assertEquals(ErrorCode.INVALID_REQUEST, rejection.code());
        assertEquals("frame_sampling.mode every_n_ms is not supported yet", rejection.message());
    }

    @Test
    void gcsAndAzureDestinationsAreNotSupportedYet() {
        var gcs = RequestValidator.check(request(r -> r.setDestination(new GcsDestination("b", "", null)))).orElseThrow();
        var azure = RequestValidator.check(request(r -> r.setDestination(new AzureBlobDestination("a", "c", "")))).orElseThrow();

        assertEquals(ErrorCode.INVALID_REQUEST, gcs.code());
        assertEquals("destination kind gcs is not supported yet", gcs.message());
        assertEquals("destination kind azure_blob is not supported yet", azure.message());
    }

    @Test
    void aMemoryPathIsAnInvalidFilterForNow() {
        var rejection = RequestValidator.check(request(r -> r.getFilter().setPath("pth_01J0000000000000000000000"))).orElseThrow();

        assertEquals(ErrorCode.INVALID_FILTER, rejection.code());
        assertTrue(rejection.message().contains("filter.path"));
    }

    @Test
    void rejectsContradictoryFilters() {
        var t = Instant.parse("2026-01-01T00:00:00Z");
        assertEquals(ErrorCode.INVALID_FILTER, RequestValidator.check(request(r -> {
            r.getFilter().setSince(t);
            r.getFilter().setUntil(t);
        })).orElseThrow().code());
        assertEquals(ErrorCode.INVALID_FILTER, RequestValidator.check(request(r -> {
            r.getFilter().setMinDurationMs(10L);
            r.getFilter().setMaxDurationMs(5L);
        })).orElseThrow().code());
        assertEquals(ErrorCode.INVALID_FILTER, RequestValidator.check(request(r ->
                r.getFilter().setMinEventConfidence(1.5))).orElseThrow().code());
    }

    @Test
    void rejectsBadWorkflowsAndTinyShards() {
        assertEquals(ErrorCode.INVALID_REQUEST, RequestValidator.check(request(r -> r.setWorkflows(List.of())))
                .orElseThrow().code());
        assertEquals(ErrorCode.INVALID_WORKFLOW_SLUG, RequestValidator.check(request(r -> r.setWorkflows(List.of("Bad Slug"))))
                .orElseThrow().code());
        assertEquals(ErrorCode.INVALID_REQUEST, RequestValidator.check(request(r -> r.setShardSizeBytes(10)))
                .orElseThrow().code());
    }

    static ExportRequest request(Consumer<ExportRequest> change) {
        var request = ExportRequest.newBuilder()
                .setExportId("exp_01J00000000000000000000000")
                .setWorkspaceId("wsp_01J00000000000000000000000")
                .setWorkflows(List.of("process_invoice"))
                .setFilter(ExportFilter.newBuilder().build())
                .setFormat(ExportFormat.jsonl)
                .setFrameSampling(FrameSampling.newBuilder().build())
                .setDestination(S3Destination.newBuilder().setBucket("training").setPrefix("v1/").build())
                .setShardSizeBytes(256L * 1024 * 1024)
                .setRequestedAt(Instant.parse("2026-05-07T14:08:11Z"))
                .build();
        change.accept(request);
        return request;
    }
}
