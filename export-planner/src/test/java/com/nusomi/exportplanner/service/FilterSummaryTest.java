package com.nusomi.exportplanner.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.nusomi.contracts.avro.Outcome;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FilterSummaryTest {

    @Test
    void printsEveryKeyInAFixedOrder() {
        var request = RequestValidatorTest.request(r -> {
            r.getFilter().setOutcome(Outcome.success);
            r.getFilter().setUntil(Instant.parse("2026-05-01T00:00:00Z"));
            r.getFilter().setExcludeSessionIds(List.of("ses_B", "ses_A", "ses_B"));
        });

        String summary = FilterSummary.of(Selection.of(request), request.getFrameSampling());

        assertEquals("{\"outcome\":\"success\",\"since\":null,\"until\":\"2026-05-01T00:00:00Z\",\"time_axis\":\"created_at\","
                + "\"sealed_by\":\"2026-05-07T14:08:11Z\",\"actor_kind\":null,\"min_duration_ms\":null,\"max_duration_ms\":null,"
                + "\"tag\":null,\"path\":null,\"exclude_session_ids\":[\"ses_A\",\"ses_B\"],\"min_event_confidence\":null,"
                + "\"frame_sampling\":{\"mode\":\"event_only\",\"interval_ms\":null,\"keep_action_frames\":true}}", summary);
    }
}
