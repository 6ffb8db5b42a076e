package com.nusomi.manifestservice.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.nusomi.contracts.avro.ExportFormat;
import com.nusomi.contracts.avro.ExportPlan;
import com.nusomi.contracts.avro.ExportState;
import com.nusomi.contracts.avro.ExportStatus;
import com.nusomi.contracts.avro.SignedUrlDestination;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlansTest {
    private static final Instant REQUESTED = Instant.parse("2026-05-07T14:08:11.123Z");
    private static final Instant PLANNED = Instant.parse("2026-05-07T14:09:30Z");

    private static ExportStatus running(Instant requestedAt) {
        var plan = ExportPlan.newBuilder().setWorkflows(List.of("wf")).setFormat(ExportFormat.parquet).setShardSizeBytes(1024)
                .setDestination(new SignedUrlDestination(null)).setFilterSummary("{}").setRows(1).setShards(1).setFrames(1)
                .setActions(1).setRequestedAt(requestedAt).build();
        return ExportStatus.newBuilder().setExportId("exp_1").setWorkspaceId("wsp_1").setStatus(ExportState.running)
                .setPlan(plan).setAt(PLANNED).build();
    }

    @Test
    void createdAtIsWhenTheExportWasRequested() {
        assertEquals(REQUESTED, Plans.fromRunningStatus(running(REQUESTED)).createdAt());
    }

    @Test
    void aPlanWithoutRequestTimeFallsBackToThePlanningTime() {
        assertEquals(PLANNED, Plans.fromRunningStatus(running(null)).createdAt());
    }
}
