package com.nusomi.apigateway.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nusomi.contracts.avro.ActorKind;
import com.nusomi.contracts.avro.AzureBlobDestination;
import com.nusomi.contracts.avro.ExportFormat;
import com.nusomi.contracts.avro.GcsDestination;
import com.nusomi.contracts.avro.Outcome;
import com.nusomi.contracts.avro.S3Destination;
import com.nusomi.contracts.avro.SamplingMode;
import com.nusomi.contracts.avro.SignedUrlDestination;
import com.nusomi.kit.api.ApiException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Binding of POST /v1/exports bodies: what is accepted, and the SPEC code and JSON path of what is refused. */
class ExportRequestsTest {
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00.123Z");
    private static final String S3 = "{\"kind\": \"s3\", \"bucket\": \"acme\", \"prefix\": \"nusomi/v1/\", \"region\": \"us-east-1\"}";

    private static ExportRequests.ValidExport bind(String json) {
        return ExportRequests.bind(Json.parse(json), "exp_1", "wsp_1", NOW);
    }

    private static void refused(String json, String code, String param) {
        var e = assertThrows(ApiException.class, () -> bind(json), json);
        assertEquals(code, e.code().code(), e.getMessage());
        assertEquals(param, e.param(), e.getMessage());
        assertTrue(!e.getMessage().isBlank());
    }

    @Test
    void bindsTheSeedsExample() {
        var valid = bind("""
                {"workflow": "process_invoice",
                 "filter": {"outcome": "success", "since": "2026-01-01", "actor": {"kind": "human"}, "min_duration_ms": 5000,
                            "tag": "gold", "exclude_session_ids": ["ses_01JTEST00000000000000000AB"], "min_event_confidence": 0.9},
                 "format": "webdataset",
                 "frame_sampling": {"mode": "event_only", "keep_action_frames": true},
                 "destination": {"kind": "s3", "bucket": "acme-training", "prefix": "nusomi/process_invoice/v1/",
                                 "region": "us-east-1", "role_arn": "arn:aws:iam::123456789012:role/NusomiExport"},
                 "tag": "process_invoice@2026-05-07"}""");
        var r = valid.request();
        assertEquals(List.of("process_invoice"), r.getWorkflows());
        assertEquals(Outcome.success, r.getFilter().getOutcome());
        assertEquals(Instant.parse("2026-01-01T00:00:00Z"), r.getFilter().getSince());
        assertEquals(ActorKind.human, r.getFilter().getActorKind());
        assertEquals(5000L, r.getFilter().getMinDurationMs());
        assertEquals(0.9, r.getFilter().getMinEventConfidence());
        assertEquals(ExportFormat.webdataset, r.getFormat());
        var s3 = assertInstanceOf(S3Destination.class, r.getDestination());
        assertEquals("arn:aws:iam::123456789012:role/NusomiExport", s3.getRoleArn());
        assertEquals(NOW, r.getRequestedAt());
        assertEquals("\"process_invoice\"", valid.workflowAsGiven().toString());
        JsonNode understood = valid.understood();
        assertEquals("2026-01-01T00:00:00Z", understood.at("/filter/since").asText());
        assertEquals("human", understood.at("/filter/actor_kind").asText());
        assertEquals("s3", understood.at("/destination/kind").asText());
        assertEquals("arn:aws:iam::123456789012:role/NusomiExport", understood.at("/destination/role_arn").asText());
    }

    @Test
    void defaultsAreParquetEventOnlyKeepActionFramesAnd256MiB() {
        var r = bind("{\"workflow\": [\"wf_a\", \"wf_b\", \"wf_a\"], \"destination\": {\"kind\": \"signed_url\"}}").request();
        assertEquals(List.of("wf_a", "wf_b"), r.getWorkflows());
        assertEquals(ExportFormat.parquet, r.getFormat());
        assertEquals(SamplingMode.event_only, r.getFrameSampling().getMode());
        assertTrue(r.getFrameSampling().getKeepActionFrames());
        assertEquals(256L * 1024 * 1024, r.getShardSizeBytes());
        assertInstanceOf(SignedUrlDestination.class, r.getDestination());
    }

    @Test
    void everyDestinationKindAndActorSpellingBinds() {
        assertInstanceOf(GcsDestination.class, bind("{\"workflow\": \"wf\", \"destination\": {\"kind\": \"gcs\", \"bucket\": \"b\", "
                + "\"prefix\": \"p/\", \"service_account\": \"x@y.iam.gserviceaccount.com\"}}").request().getDestination());
        assertInstanceOf(AzureBlobDestination.class, bind("{\"workflow\": \"wf\", \"destination\": {\"kind\": \"azure_blob\", "
                + "\"account\": \"a\", \"container\": \"c\", \"prefix\": \"p/\"}}").request().getDestination());
        assertEquals(ActorKind.model, bind("{\"workflow\": \"wf\", \"destination\": " + S3 + ", \"filter\": {\"actor.kind\": \"model\"}}")
                .request().getFilter().getActorKind());
        assertEquals(ActorKind.script, bind("{\"workflow\": \"wf\", \"destination\": " + S3 + ", \"filter\": {\"actor_kind\": \"script\"}}")
                .request().getFilter().getActorKind());
    }

    @Test
    void intervalMsCountsOnlyForEveryNMs() {
        var every = bind("{\"workflow\": \"wf\", \"destination\": " + S3
                + ", \"frame_sampling\": {\"mode\": \"every_n_ms\", \"interval_ms\": 100, \"keep_action_frames\": false}}").request();
        assertEquals(100L, every.getFrameSampling().getIntervalMs());
        assertTrue(!every.getFrameSampling().getKeepActionFrames());
        var all = bind("{\"workflow\": \"wf\", \"destination\": " + S3
                + ", \"frame_sampling\": {\"mode\": \"all\", \"interval_ms\": 100}}").request();
        assertNull(all.getFrameSampling().getIntervalMs());
    }

    @Test
    void workflowErrorsAreInvalidWorkflowSlug() {
        refused("{\"destination\": " + S3 + "}", "invalid_workflow_slug", "workflow");
        refused("{\"workflow\": \"Bad Slug\", \"destination\": " + S3 + "}", "invalid_workflow_slug", "workflow");
        refused("{\"workflow\": [], \"destination\": " + S3 + "}", "invalid_workflow_slug", "workflow");
        refused("{\"workflow\": [\"ok_one\", 3], \"destination\": " + S3 + "}", "invalid_workflow_slug", "workflow");
        refused("{\"workflow\": {\"slug\": \"wf\"}, \"destination\": " + S3 + "}", "invalid_workflow_slug", "workflow");
    }

    @Test
    void formatErrorsAreUnsupportedFormat() {
        refused("{\"workflow\": \"wf\", \"format\": \"csv\", \"destination\": " + S3 + "}", "unsupported_format", "format");
        refused("{\"workflow\": \"wf\", \"format\": 3, \"destination\": " + S3 + "}", "unsupported_format", "format");
    }

    @Test
    void filterErrorsAreInvalidFilterNamingTheField() {
        String base = "{\"workflow\": \"wf\", \"destination\": " + S3 + ", \"filter\": ";
        refused(base + "{\"outcome\": \"great\"}}", "invalid_filter", "filter.outcome");
        refused(base + "{\"since\": \"last tuesday\"}}", "invalid_filter", "filter.since");
        refused(base + "{\"until\": \"2026-13-45\"}}", "invalid_filter", "filter.until");
        refused(base + "{\"since\": \"1d\", \"until\": \"7d\"}}", "invalid_filter", "filter.since");
        refused(base + "{\"actor.kind\": \"alien\"}}", "invalid_filter", "filter.actor.kind");
        refused(base + "{\"actor\": {\"kind\": \"alien\"}}}", "invalid_filter", "filter.actor.kind");
        refused(base + "{\"actor\": {\"kind\": \"human\"}, \"actor.kind\": \"model\"}}", "invalid_filter", "filter.actor.kind");
        refused(base + "{\"colour\": \"red\"}}", "invalid_filter", "filter.colour");
        refused(base + "{\"min_duration_ms\": 1.5}}", "invalid_filter", "filter.min_duration_ms");
        refused(base + "{\"min_duration_ms\": \"10\"}}", "invalid_filter", "filter.min_duration_ms");
        refused(base + "{\"max_duration_ms\": -1}}", "invalid_filter", "filter.max_duration_ms");
        refused(base + "{\"min_duration_ms\": 10, \"max_duration_ms\": 5}}", "invalid_filter", "filter.min_duration_ms");
        refused(base + "{\"min_event_confidence\": 2}}", "invalid_filter", "filter.min_event_confidence");
        refused(base + "{\"min_event_confidence\": \"high\"}}", "invalid_filter", "filter.min_event_confidence");
        refused(base + "{\"exclude_session_ids\": [\"frm_1\"]}}", "invalid_filter", "filter.exclude_session_ids");
        refused(base + "{\"exclude_session_ids\": \"ses_1\"}}", "invalid_filter", "filter.exclude_session_ids");
        refused(base + "{\"path\": \"pth_01J00000000000000000000000\"}}", "invalid_filter", "filter.path");
        refused(base + "\"success\"}", "invalid_filter", "filter");
    }

    @Test
    void everythingElseIsInvalidRequestNamingTheField() {
        refused("{\"workflow\": \"wf\"}", "invalid_request", "destination");
        refused("{\"workflow\": \"wf\", \"destination\": \"s3\"}", "invalid_request", "destination.kind");
        refused("{\"workflow\": \"wf\", \"destination\": {\"bucket\": \"b\"}}", "invalid_request", "destination.kind");
        refused("{\"workflow\": \"wf\", \"destination\": {\"kind\": \"ftp\"}}", "invalid_request", "destination.kind");
        refused("{\"workflow\": \"wf\", \"destination\": {\"kind\": \"s3\"}}", "invalid_request", "destination.bucket");
        refused("{\"workflow\": \"wf\", \"destination\": {\"kind\": \"s3\", \"bucket\": \"b\", \"endpoint\": \"ftp://x\"}}",
                "invalid_request", "destination.endpoint");
        refused("{\"workflow\": \"wf\", \"destination\": {\"kind\": \"s3\", \"bucket\": \"b\", \"role_arn\": \"admin\"}}",
                "invalid_request", "destination.role_arn");
        refused("{\"workflow\": \"wf\", \"destination\": {\"kind\": \"s3\", \"bucket\": \"b\", \"bukket\": \"c\"}}",
                "invalid_request", "destination.bukket");
        refused("{\"workflow\": \"wf\", \"destination\": {\"kind\": \"azure_blob\", \"account\": \"a\"}}",
                "invalid_request", "destination.container");
        refused("{\"workflow\": \"wf\", \"destination\": {\"kind\": \"gcs\"}}", "invalid_request", "destination.bucket");
        refused("{\"workflow\": \"wf\", \"destination\": " + S3 + ", \"shard_size_bytes\": 10}", "invalid_request", "shard_size_bytes");
        refused("{\"workflow\": \"wf\", \"destination\": " + S3 + ", \"shard_size_bytes\": \"big\"}", "invalid_request", "shard_size_bytes");
        refused("{\"workflow\": \"wf\", \"destination\": " + S3 + ", \"frame_sampling\": {\"mode\": \"sometimes\"}}",
                "invalid_request", "frame_sampling.mode");
        refused("{\"workflow\": \"wf\", \"destination\": " + S3 + ", \"frame_sampling\": {\"mode\": \"every_n_ms\"}}",
                "invalid_request", "frame_sampling.interval_ms");
        refused("{\"workflow\": \"wf\", \"destination\": " + S3 + ", \"frame_sampling\": {\"mode\": \"every_n_ms\", \"interval_ms\": 0}}",
                "invalid_request", "frame_sampling.interval_ms");
        refused("{\"workflow\": \"wf\", \"destination\": " + S3 + ", \"frame_sampling\": {\"keep_action_frames\": \"yes\"}}",
                "invalid_request", "frame_sampling.keep_action_frames");
        refused("{\"workflow\": \"wf\", \"destination\": " + S3 + ", \"tag\": \"\"}", "invalid_request", "tag");
        refused("{\"workflow\": \"wf\", \"destination\": " + S3 + ", \"formats\": \"jsonl\"}", "invalid_request", "formats");
        refused("[1, 2]", "invalid_request", null);
    }
}
