package com.nusomi.apigateway.stream;

import com.nusomi.apigateway.support.Catalog;
import com.nusomi.apigateway.support.Kafka;
import com.nusomi.contracts.IdPrefix;
import com.nusomi.contracts.Topic;
import com.nusomi.contracts.avro.Actor;
import com.nusomi.contracts.avro.ActorKind;
import com.nusomi.contracts.avro.ClickPayload;
import com.nusomi.contracts.avro.Event;
import com.nusomi.contracts.avro.EventSource;
import com.nusomi.contracts.avro.EventType;
import com.nusomi.contracts.avro.SessionLifecycle;
import com.nusomi.contracts.avro.SessionSnapshot;
import com.nusomi.contracts.avro.SessionStatus;
import com.nusomi.contracts.avro.SubmitPayload;
import com.nusomi.contracts.avro.Surface;
import com.nusomi.contracts.avro.Target;
import com.nusomi.contracts.avro.ValidationErrorPayload;
import com.nusomi.kit.json.EventPayloads;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The neighbours of a stream, as the real services leave them: sessions and events in the catalog the way
 * session-sealer writes them, {@code Event} records on {@code nusomi.events} the way event-extractor publishes them,
 * and lifecycle transitions on {@code nusomi.sessions.lifecycle}.
 */
final class StreamFixtures {
    private StreamFixtures() {}

    /** A recording session of the workspace with one frame at t_ms 0; answers {@code {sessionId, frameId}}. */
    static Recorded recordingSession(String workspaceId, String workflow) {
        String session = IdPrefix.SESSION.newId();
        Catalog.ensureSchema();
        Catalog.update("INSERT INTO catalog.sessions (id, workspace_id, workflow, status, actor_kind, surface, created_at, started_at) "
                + "VALUES (?, ?, ?, 'recording', 'human', 'web', now(), now())", session, workspaceId, workflow);
        String frame = IdPrefix.FRAME.newId();
        Catalog.insertFrame(frame, session, workspaceId, 0);
        return new Recorded(session, workspaceId, workflow, frame);
    }

    record Recorded(String sessionId, String workspaceId, String workflow, String frameId) {}

    static Event click(Recorded s, long tMs, double confidence) {
        return event(s, tMs, EventType.click, confidence, ClickPayload.newBuilder().setX(10).setY(20)
                .setTarget(Target.newBuilder().setRole("button").setName("Save").build()).setModifiers(List.of()).build());
    }

    static Event submit(Recorded s, long tMs) {
        return event(s, tMs, EventType.submit, 0.99, SubmitPayload.newBuilder().setForm("invoice").build());
    }

    static Event validationError(Recorded s, long tMs) {
        return event(s, tMs, EventType.validation_error, 0.8, ValidationErrorPayload.newBuilder().setField("iban")
                .setMessage("invalid IBAN").build());
    }

    private static Event event(Recorded s, long tMs, EventType type, double confidence, Object payload) {
        return Event.newBuilder().setEventId(IdPrefix.EVENT.newId()).setSessionId(s.sessionId())
                .setWorkspaceId(s.workspaceId()).setFrameId(s.frameId()).setTMs(tMs).setType(type).setPayload(payload)
                .setConfidence(confidence).setSource(EventSource.dom)
                .setCreatedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS)).build();
    }

    /** Published by the extractor. */
    static void publish(Event e) {
        Kafka.send(Topic.EVENTS.topicName(), e.getSessionId(), e);
    }

    /** Projected by the sealer. */
    static void project(Event e) {
        Catalog.update("INSERT INTO catalog.events (id, session_id, workspace_id, frame_id, t_ms, type, payload, confidence, "
                        + "source, created_at) VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)",
                e.getEventId(), e.getSessionId(), e.getWorkspaceId(), e.getFrameId(), e.getTMs(), e.getType().name(),
                EventPayloads.toJsonText(e.getPayload()), e.getConfidence(), e.getSource().name(), Timestamp.from(e.getCreatedAt()));
    }

    /** Published and projected, as for an event the sealer has caught up with. */
    static Event stored(Event e) {
        publish(e);
        project(e);
        return e;
    }

    /** The sealer's events projection commits its position: below the current end, the catalog is complete. */
    static void projectionCaughtUp() {
        String topic = Topic.EVENTS.topicName();
        try (var consumer = Kafka.consumer(new org.apache.kafka.common.serialization.ByteArrayDeserializer(), "session-sealer-events")) {
            var partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            var ends = consumer.endOffsets(partitions);
            var commits = new java.util.HashMap<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata>();
            ends.forEach((tp, end) -> commits.put(tp, new org.apache.kafka.clients.consumer.OffsetAndMetadata(end)));
            consumer.commitSync(commits);
        }
    }

    /** The sealer seals: catalog first, then the transition on the lifecycle topic. */
    static void seal(Recorded s) {
        Catalog.update("UPDATE catalog.sessions SET status = 'sealed', sealed_at = now(), outcome = 'abandoned' WHERE id = ?",
                s.sessionId());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        var snapshot = SessionSnapshot.newBuilder().setId(s.sessionId()).setWorkspaceId(s.workspaceId())
                .setWorkflow(s.workflow()).setStatus(SessionStatus.sealed).setActor(new Actor(ActorKind.human, null))
                .setSurface(Surface.web).setCreatedAt(now).setSealedAt(now).build();
        Kafka.send(Topic.SESSION_LIFECYCLE.topicName(), s.sessionId(), SessionLifecycle.newBuilder()
                .setTransitionId(s.sessionId() + ":sealed").setSessionId(s.sessionId()).setWorkspaceId(s.workspaceId())
                .setFromStatus(SessionStatus.stopped).setToStatus(SessionStatus.sealed).setSession(snapshot).setAt(now).build());
    }
}
