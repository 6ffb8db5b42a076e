package com.nusomi.exportplanner.support;

import com.nusomi.contracts.IdPrefix;
import com.nusomi.devstack.testing.ForeignSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Properties;
import org.eclipse.microprofile.config.ConfigProvider;
import org.postgresql.Driver;

/**
 * Writes catalog rows over JDBC the way session-sealer would. The sealer owns and migrates the catalog; it does not run
 * in these tests, so the seed applies its DDL (from service-kit) once.
 */
public final class CatalogSeed {
    private static final String BUCKET = "nusomi";

    private CatalogSeed() {}

    /** Applies the catalog DDL unless the schema already has it. */
    public static void migrate() {
        ForeignSchema.CATALOG.ensure(key -> ConfigProvider.getConfig().getOptionalValue(key, String.class));
    }

    /** Inserts a session and returns its id. */
    public static String session(String workspaceId, String workflow, String status, String outcome, String actorKind,
                                 Instant createdAt, Instant sealedAt, Long durationMs, String tagsJson) {
        String id = IdPrefix.SESSION.newId();
        update("""
                INSERT INTO catalog.sessions (id, workspace_id, workflow, status, actor_kind, surface, tags, outcome,
                    created_at, started_at, stopped_at, sealed_at, duration_ms)
                VALUES (?, ?, ?, ?, ?, 'web', ?::jsonb, ?, ?, ?, ?, ?, ?)""",
                id, workspaceId, workflow, status, actorKind, tagsJson, outcome,
                ts(createdAt), ts(createdAt), ts(sealedAt), ts(sealedAt), durationMs);
        return id;
    }

    /** Inserts a keyframe and returns its id. */
    public static String frame(String sessionId, String workspaceId, long tMs, String domJson) {
        return frame(sessionId, workspaceId, tMs, domJson, true);
    }

    /** Inserts a frame and returns its id. */
    public static String frame(String sessionId, String workspaceId, long tMs, String domJson, boolean keyframe) {
        String id = IdPrefix.FRAME.newId();
        update("""
                INSERT INTO catalog.frames (id, session_id, workspace_id, t_ms, image_bucket, image_key, image_sha256,
                    image_size, width, height, viewport, dom, accessibility_tree, keyframe, captured_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, 1234, 1440, 900, '{"w": 1440, "h": 900, "scale": 1.0}'::jsonb, ?::jsonb,
                    '{"role": "WebArea", "name": "Invoice"}'::jsonb, ?, now())""",
                id, sessionId, workspaceId, tMs, BUCKET, "frames/" + id + ".webp", "0".repeat(64), domJson, keyframe);
        return id;
    }

    /** Inserts an event and returns its id. */
    public static String event(String sessionId, String workspaceId, String frameId, long tMs, String type,
                               String payloadJson, double confidence) {
        String id = IdPrefix.EVENT.newId();
        update("""
                INSERT INTO catalog.events (id, session_id, workspace_id, frame_id, t_ms, type, payload, confidence,
                    source, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?, 'sdk', now())""",
                id, sessionId, workspaceId, frameId, tMs, type, payloadJson, confidence);
        return id;
    }

    /** A sealed session of {@code workflow} with one frame and {@code events} click events on it (set-oriented insert). */
    public static String bulkSession(String workspaceId, String workflow, int events) {
        String session = session(workspaceId, workflow, "sealed", "success", "human", Instant.parse("2026-03-01T00:00:00Z"),
                Instant.parse("2026-03-01T01:00:00Z"), 1_000L, "[]");
        String frame = frame(session, workspaceId, 0, "{}");
        update("""
                INSERT INTO catalog.events (id, session_id, workspace_id, frame_id, t_ms, type, payload, confidence,
                    source, created_at)
                SELECT ? || lpad(g::text, 8, '0'), ?, ?, ?, g, 'click', '{"x": 1, "y": 2}'::jsonb, 1.0, 'sdk', now()
                FROM generate_series(1, ?) AS g""",
                "evt_" + session.substring(4) + "_", session, workspaceId, frame, events);
        return session;
    }

    /** Rows {@code first .. first + count - 1} of an export's plan (schema planner), in seq order. */
    public static java.util.List<CatalogFixture.ExpectedRow> planRows(String exportId, long first, long count) {
        var rows = new java.util.ArrayList<CatalogFixture.ExpectedRow>();
        try (var c = connect(); var s = c.prepareStatement("""
                SELECT seq, session_id, t_ms, frame_id, event_id, prior_event_id, outcome FROM planner.plan_rows
                WHERE export_id = ? AND seq >= ? AND seq < ? ORDER BY seq""")) {
            s.setString(1, exportId);
            s.setLong(2, first);
            s.setLong(3, first + count);
            var r = s.executeQuery();
            long expectedSeq = first;
            while (r.next()) {
                if (r.getLong("seq") != expectedSeq++) {
                    throw new IllegalStateException("plan rows of " + exportId + " are not consecutive at " + r.getLong("seq"));
                }
                rows.add(new CatalogFixture.ExpectedRow(r.getString("session_id"), r.getLong("t_ms"), r.getString("frame_id"),
                        r.getString("event_id"), r.getString("prior_event_id"), r.getString("outcome")));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading plan rows failed", e);
        }
        return rows;
    }

    private static void update(String sql, Object... parameters) {
        try (var c = connect(); var s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("seeding the catalog failed", e);
        }
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Connection connect() throws SQLException {
        var config = ConfigProvider.getConfig();
        var credentials = new Properties();
        credentials.setProperty("user", config.getValue("quarkus.datasource.username", String.class));
        credentials.setProperty("password", config.getValue("quarkus.datasource.password", String.class));
        // the driver directly: DriverManager does not see drivers of the Quarkus test class loader
        return new Driver().connect(config.getValue("quarkus.datasource.jdbc.url", String.class), credentials);
    }
}
