package com.nusomi.apigateway.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nusomi.apigateway.support.FakeCaptureIngest;
import com.nusomi.apigateway.support.GatewayDevStack;
import com.nusomi.contracts.avro.Actor;
import com.nusomi.contracts.avro.ActorKind;
import com.nusomi.contracts.avro.Outcome;
import com.nusomi.contracts.avro.SessionSnapshot;
import com.nusomi.contracts.avro.SessionStatus;
import com.nusomi.contracts.avro.SessionTag;
import com.nusomi.contracts.avro.Surface;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Webhook payloads (rendered by manifest-service with service-kit's views) carry a resource exactly as this API
 * renders it: both renderings, through the gateway's own ObjectMapper, give the same JSON.
 */
@QuarkusTest
@QuarkusTestResource(GatewayDevStack.class)
@QuarkusTestResource(FakeCaptureIngest.class)
class WebhookPayloadViewsTest {
    @Inject
    ObjectMapper mapper;

    @Test
    void aSessionRendersAsTheApiRendersIt() throws Exception {
        Instant t = Instant.parse("2026-05-07T14:08:11.123Z");
        var snapshot = SessionSnapshot.newBuilder().setId("ses_01JD0000000000000000000000").setWorkspaceId("wsp_x")
                .setWorkflow("process_invoice").setStatus(SessionStatus.sealed)
                .setActor(new Actor(ActorKind.model, "agent-7")).setSurface(Surface.web)
                .setMetadata("{\"customer\":\"acme\",\"n\":3}")
                .setTags(List.of(new SessionTag("reviewed", "{\"by\":\"ana\"}", 12L), new SessionTag("plain", null, 0L)))
                .setOutcome(Outcome.success).setCreatedAt(t).setStartedAt(t.plusSeconds(1)).setStoppedAt(t.plusSeconds(9))
                .setSealedAt(t.plusSeconds(10)).setDurationMs(8000L).setFrameCount(42).setEventCount(17).build();
        assertEquals(mapper.writeValueAsString(SessionView.of(snapshot)),
                mapper.writeValueAsString(com.nusomi.kit.view.SessionView.of(snapshot)));

        var fresh = SessionSnapshot.newBuilder(snapshot).setStatus(SessionStatus.created).setOutcome(null).setStartedAt(null)
                .setStoppedAt(null).setSealedAt(null).setDurationMs(null).setTags(List.of()).setMetadata("{}").build();
        assertEquals(mapper.writeValueAsString(SessionView.of(fresh)),
                mapper.writeValueAsString(com.nusomi.kit.view.SessionView.of(fresh)));
    }
}
