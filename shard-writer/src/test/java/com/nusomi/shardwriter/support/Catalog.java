package com.nusomi.shardwriter.support;

import com.nusomi.devstack.testing.ForeignSchema;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The catalog as session-sealer leaves it, for tests: its DDL (service-kit's migration, applied here because the
 * sealer is its only migrator) and rows of a sealed session.
 */
public final class Catalog {
    private static final OffsetDateTime AT = OffsetDateTime.of(2026, 5, 7, 14, 8, 11, 0, ZoneOffset.UTC);

    private Catalog() {}

    /** The catalog (session-sealer's) and the plans (export-planner's), from their migrations; {@code pool} is not needed. */
    public static void ensureSchema(Pool pool) {
        Function<String, Optional<String>> config = key -> ConfigProvider.getConfig().getOptionalValue(key, String.class);
        ForeignSchema.CATALOG.ensure(config);
        ForeignSchema.PLANNER.ensure(config);
    }

    /** A plan row as export-planner stores it. */
    public record PlanRef(String sessionId, long tMs, String frameId, String eventId, String priorEventId, String workflow,
                          String outcome) {}

    /** Stores {@code rows} as the plan of {@code exportId}, seq 0..n-1, as export-planner does. */
    public static void plan(Pool pool, String exportId, String workspaceId, java.util.List<PlanRef> rows) {
        pool.preparedQuery("""
                INSERT INTO planner.plans (export_id, workspace_id, row_count, frame_count, action_count, shard_count)
                VALUES ($1, $2, $3, 0, 0, 1)""").execute(Tuple.of(exportId, workspaceId, (long) rows.size()))
                .await().indefinitely();
        for (int seq = 0; seq < rows.size(); seq++) {
            PlanRef r = rows.get(seq);
            pool.preparedQuery("""
                    INSERT INTO planner.plan_rows (export_id, seq, session_id, t_ms, frame_id, event_id, prior_event_id,
                        workflow, outcome)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)""")
                    .execute(Tuple.from(java.util.Arrays.asList(exportId, (long) seq, r.sessionId(), r.tMs(), r.frameId(),
                            r.eventId(), r.priorEventId(), r.workflow(), r.outcome())))
                    .await().indefinitely();
        }
    }

    public static void sealedSession(Pool pool, String sessionId, String workspaceId, String workflow, String outcome) {
        pool.preparedQuery("""
                INSERT INTO catalog.sessions (id, workspace_id, workflow, status, actor_kind, surface, outcome, created_at,
                    started_at, stopped_at, sealed_at, duration_ms)
                VALUES ($1, $2, $3, 'sealed', 'human', 'web', $4, $5, $5, $5, $5, 0)""")
                .execute(Tuple.of(sessionId, workspaceId, workflow, outcome, AT)).await().indefinitely();
    }

    public static void frame(Pool pool, String frameId, String sessionId, String workspaceId, long tMs, String bucket,
                             String sha256, long size, String viewport, String dom, String accessibilityTree) {
        pool.preparedQuery("""
                INSERT INTO catalog.frames (id, session_id, workspace_id, t_ms, image_bucket, image_key, image_sha256,
                    image_size, width, height, viewport, dom, accessibility_tree, keyframe, captured_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1440, 900, $9::text::jsonb, $10::text::jsonb, $11::text::jsonb, true, $12)""")
                .execute(Tuple.from(java.util.Arrays.asList(frameId, sessionId, workspaceId, tMs, bucket,
                        "frames/" + sha256 + ".webp", sha256, size, viewport, dom, accessibilityTree, AT)))
                .await().indefinitely();
    }

    public static void event(Pool pool, String eventId, String sessionId, String workspaceId, String frameId, long tMs,
                             String type, String payload) {
        pool.preparedQuery("""
                INSERT INTO catalog.events (id, session_id, workspace_id, frame_id, t_ms, type, payload, confidence,
                    source, created_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7::text::jsonb, 1.0, 'sdk', $8)""")
                .execute(Tuple.from(java.util.Arrays.asList(eventId, sessionId, workspaceId, frameId, tMs, type, payload, AT)))
                .await().indefinitely();
    }
}
