package com.nusomi.apigateway.support;

import com.nusomi.apigateway.mapping.Json;
import com.nusomi.contracts.ErrorCode;
import com.nusomi.contracts.Topic;
import com.nusomi.contracts.avro.Actor;
import com.nusomi.contracts.avro.ActorKind;
import com.nusomi.contracts.avro.CaptureSignal;
import com.nusomi.contracts.avro.CreateSession;
import com.nusomi.contracts.avro.DeleteSession;
import com.nusomi.contracts.avro.SdkEventSignal;
import com.nusomi.contracts.avro.SessionCommand;
import com.nusomi.contracts.avro.SessionCommandReply;
import com.nusomi.contracts.avro.SessionSnapshot;
import com.nusomi.contracts.avro.SessionStatus;
import com.nusomi.contracts.avro.SessionTag;
import com.nusomi.contracts.avro.StartSession;
import com.nusomi.contracts.avro.StopSession;
import com.nusomi.contracts.avro.TagSession;
import com.nusomi.contracts.avro.Surface;
import com.nusomi.devstack.testing.TopicReader;
import com.nusomi.kit.json.EventPayloads;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * A stand-in for session-sealer (and, for SDK events, event-extractor) so the gateway's request/reply and
 * wait-until-stored paths can be tested alone: it consumes {@code nusomi.sessions.commands}, applies the SPEC §3
 * state machine to {@code catalog.sessions} and answers on {@code nusomi.sessions.command-replies}; it stores SDK
 * signals as events anchored to the latest frame at or before their t_ms. The real services are exercised by the
 * system test. A create for workflow {@value #SILENT_WORKFLOW} is never answered (to test the gateway's time-out).
 */
public final class FakeSealer {
    public static final String SILENT_WORKFLOW = "never_answered";
    /** A create for this workflow is applied but its first reply is lost (the gateway times out); a repeat is answered. */
    public static final String REPLY_LOST_WORKFLOW = "reply_lost_once";
    private static final Logger LOG = Logger.getLogger(FakeSealer.class);
    private static boolean running;

    private FakeSealer() {}

    public static synchronized void ensureRunning() {
        if (running) {
            return;
        }
        Catalog.ensureSchema();
        start("fake-sealer-commands", Topic.SESSION_COMMANDS.topicName(), FakeSealer::onCommand);
        start("fake-extractor-signals", Topic.CAPTURE_SIGNALS.topicName(), FakeSealer::onSignal);
        running = true;
    }

    private interface Handler {
        void handle(Object value) throws SQLException;
    }

    /** No group (a group join takes seconds): all partitions, positioned at the end before this returns. */
    private static void start(String name, String topic, Handler handler) {
        TopicReader.following(Kafka.bootstrap(), topic, Kafka.avroDeserializer(), record -> {
            try {
                handler.handle(record.value());
            } catch (Exception e) {
                LOG.errorf(e, "%s could not handle %s", name, record.value());
            }
        });
    }

    private static void onCommand(Object value) throws SQLException {
        if (!(value instanceof SessionCommand command)) {
            return;
        }
        SessionCommandReply reply;
        try (Connection c = Catalog.connect()) {
            reply = switch (command.getBody()) {
                case CreateSession create -> {
                    if (SILENT_WORKFLOW.equals(create.getWorkflow())) {
                        yield null;
                    }
                    yield create(c, command, create);
                }
                case StartSession s -> transition(c, command, SessionStatus.created, SessionStatus.recording);
                case StopSession s -> transition(c, command, SessionStatus.recording, SessionStatus.stopped);
                case DeleteSession d -> delete(c, command);
                case TagSession t -> tag(c, command, t);
                default -> null;
            };
        }
        if (reply != null) {
            Kafka.send(Topic.SESSION_COMMAND_REPLIES.topicName(), command.getSessionId(), reply);
        }
    }

    private static SessionCommandReply create(Connection c, SessionCommand command, CreateSession create) throws SQLException {
        StringBuilder tags = new StringBuilder("[");
        for (SessionTag tag : create.getTags()) {
            if (tags.length() > 1) {
                tags.append(',');
            }
            tags.append("{\"name\":").append(Json.write(tag.getName()))
                    .append(",\"data\":").append(tag.getData() == null ? "null" : tag.getData())
                    .append(",\"t_ms\":0}");
        }
        tags.append(']');
        try (PreparedStatement st = c.prepareStatement("INSERT INTO catalog.sessions (id, workspace_id, workflow, status, "
                + "actor_kind, actor_id, surface, metadata, tags, created_at) VALUES (?, ?, ?, 'created', ?, ?, ?, ?::jsonb, ?::jsonb, ?) "
                + "ON CONFLICT DO NOTHING")) {
            st.setString(1, command.getSessionId());
            st.setString(2, command.getWorkspaceId());
            st.setString(3, create.getWorkflow());
            st.setString(4, create.getActor().getKind().name());
            st.setString(5, create.getActor().getId());
            st.setString(6, create.getSurface().name());
            st.setString(7, create.getMetadata());
            st.setString(8, tags.toString());
            st.setTimestamp(9, Timestamp.from(command.getIssuedAt()));
            if (st.executeUpdate() == 1 && REPLY_LOST_WORKFLOW.equals(create.getWorkflow())) {
                return null; // applied, but the reply never comes
            }
        }
        return ok(command, find(c, command).orElseThrow());
    }

    private static SessionCommandReply transition(Connection c, SessionCommand command, SessionStatus from, SessionStatus to)
            throws SQLException {
        Optional<SessionSnapshot> session = find(c, command);
        if (session.isEmpty()) {
            return error(command, ErrorCode.SESSION_NOT_FOUND, "no session " + command.getSessionId());
        }
        if (session.get().getStatus() != from) {
            return error(command, ErrorCode.INVALID_STATE, "session is " + session.get().getStatus());
        }
        if (to == SessionStatus.stopped && count(c, command.getSessionId()) == 0) {
            return error(command, ErrorCode.SESSION_EMPTY, "session has no frames and cannot be sealed");
        }
        String column = to == SessionStatus.recording ? "started_at" : "stopped_at";
        try (PreparedStatement st = c.prepareStatement("UPDATE catalog.sessions SET status = ?, " + column + " = ? WHERE id = ?")) {
            st.setString(1, to.name());
            st.setTimestamp(2, Timestamp.from(command.getIssuedAt()));
            st.setString(3, command.getSessionId());
            st.executeUpdate();
        }
        return ok(command, find(c, command).orElseThrow());
    }

    /** Appends the tag like the sealer: sealed sessions refuse, t_ms defaults to 0 here (the sealer measures it). */
    private static SessionCommandReply tag(Connection c, SessionCommand command, TagSession tag) throws SQLException {
        Optional<SessionSnapshot> session = find(c, command);
        if (session.isEmpty()) {
            return error(command, ErrorCode.SESSION_NOT_FOUND, "no session " + command.getSessionId());
        }
        if (session.get().getStatus() == SessionStatus.sealed) {
            return error(command, ErrorCode.INVALID_STATE, "session is sealed");
        }
        String json = "{\"name\":" + Json.write(tag.getName()) + ",\"data\":" + (tag.getData() == null ? "null" : tag.getData())
                + ",\"t_ms\":" + (tag.getTMs() == null ? 0 : tag.getTMs()) + "}";
        try (PreparedStatement st = c.prepareStatement("UPDATE catalog.sessions SET tags = tags || jsonb_build_array(?::jsonb) WHERE id = ?")) {
            st.setString(1, json);
            st.setString(2, command.getSessionId());
            st.executeUpdate();
        }
        return ok(command, find(c, command).orElseThrow());
    }

    private static SessionCommandReply delete(Connection c, SessionCommand command) throws SQLException {
        Optional<SessionSnapshot> session = find(c, command);
        if (session.isEmpty()) {
            return error(command, ErrorCode.SESSION_NOT_FOUND, "no session " + command.getSessionId());
        }
        try (PreparedStatement st = c.prepareStatement("DELETE FROM catalog.sessions WHERE id = ?")) {
            st.setString(1, command.getSessionId());
            st.executeUpdate();
        }
        SessionSnapshot last = session.get();
        last.setStatus(SessionStatus.deleted);
        return ok(command, last);
    }

    /** Stores an SDK event anchored to its frame_id, else the latest frame at or before it, else the first frame. */
    private static void onSignal(Object value) throws SQLException {
        if (!(value instanceof CaptureSignal signal) || !(signal.getBody() instanceof SdkEventSignal event)) {
            return;
        }
        try (Connection c = Catalog.connect()) {
            String frameId = event.getFrameId() != null ? event.getFrameId() : anchor(c, signal.getSessionId(), signal.getTMs());
            if (frameId == null) {
                return; // the extractor holds such events until the first frame
            }
            try (PreparedStatement st = c.prepareStatement("INSERT INTO catalog.events (id, session_id, workspace_id, "
                    + "frame_id, t_ms, type, payload, confidence, source, created_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, 1.0, 'sdk', ?) ON CONFLICT DO NOTHING")) {
                st.setString(1, event.getEventId());
                st.setString(2, signal.getSessionId());
                st.setString(3, signal.getWorkspaceId());
                st.setString(4, frameId);
                st.setLong(5, signal.getTMs());
                st.setString(6, event.getType().name());
                st.setString(7, EventPayloads.toJsonText(event.getPayload()));
                st.setTimestamp(8, Timestamp.from(Instant.now().truncatedTo(ChronoUnit.MILLIS)));
                st.executeUpdate();
            }
        }
    }

    private static String anchor(Connection c, String sessionId, long tMs) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT id FROM catalog.frames WHERE session_id = ? "
                + "ORDER BY (t_ms <= ?) DESC, CASE WHEN t_ms <= ? THEN -t_ms ELSE t_ms END LIMIT 1")) {
            st.setString(1, sessionId);
            st.setLong(2, tMs);
            st.setLong(3, tMs);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static long count(Connection c, String sessionId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT count(*) FROM catalog.frames WHERE session_id = ?")) {
            st.setString(1, sessionId);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static Optional<SessionSnapshot> find(Connection c, SessionCommand command) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT id, workspace_id, workflow, status, actor_kind, actor_id, "
                + "surface, metadata::text, created_at, started_at, stopped_at, frame_count, event_count, tags::text "
                + "FROM catalog.sessions WHERE id = ? AND workspace_id = ?")) {
            st.setString(1, command.getSessionId());
            st.setString(2, command.getWorkspaceId());
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(SessionSnapshot.newBuilder()
                        .setId(rs.getString(1))
                        .setWorkspaceId(rs.getString(2))
                        .setWorkflow(rs.getString(3))
                        .setStatus(SessionStatus.valueOf(rs.getString(4)))
                        .setActor(new Actor(ActorKind.valueOf(rs.getString(5)), rs.getString(6)))
                        .setSurface(Surface.valueOf(rs.getString(7)))
                        .setMetadata(rs.getString(8))
                        .setTags(tags(rs.getString(14)))
                        .setCreatedAt(instant(rs.getTimestamp(9)))
                        .setStartedAt(instant(rs.getTimestamp(10)))
                        .setStoppedAt(instant(rs.getTimestamp(11)))
                        .setFrameCount(rs.getLong(12))
                        .setEventCount(rs.getLong(13))
                        .build());
            }
        }
    }

    private static List<SessionTag> tags(String json) {
        List<SessionTag> tags = new ArrayList<>();
        for (var tag : Json.parse(json)) {
            var data = tag.get("data");
            tags.add(new SessionTag(tag.path("name").asText(), data == null || data.isNull() ? null : data.toString(),
                    tag.path("t_ms").asLong()));
        }
        return tags;
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static SessionCommandReply ok(SessionCommand command, SessionSnapshot session) {
        return reply(command, session, null, null);
    }

    private static SessionCommandReply error(SessionCommand command, ErrorCode code, String message) {
        return reply(command, null, code.code(), message);
    }

    private static SessionCommandReply reply(SessionCommand command, SessionSnapshot session, String code, String message) {
        return SessionCommandReply.newBuilder()
                .setCommandId(command.getCommandId())
                .setSessionId(command.getSessionId())
                .setWorkspaceId(command.getWorkspaceId())
                .setOk(code == null)
                .setErrorCode(code)
                .setErrorMessage(message)
                .setSession(session)
                .build();
    }
}
