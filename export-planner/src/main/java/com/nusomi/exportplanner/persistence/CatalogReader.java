package com.nusomi.exportplanner.persistence;

import com.nusomi.contracts.avro.Outcome;
import com.nusomi.exportplanner.service.CatalogRow;
import com.nusomi.exportplanner.service.Selection;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Reads the catalog (owned and migrated by session-sealer; read-only here) with the reactive PostgreSQL client.
 * Rows come in export order {@code (session_id, t_ms, event id)}, compared byte-wise ({@code COLLATE "C"}) so the order
 * does not depend on the database's locale.
 */
@ApplicationScoped
public class CatalogReader {
    private static final String IDS = """
            SELECT s.id AS session_id, s.workflow, s.outcome, e.t_ms, e.id AS event_id, e.type AS event_type,
                   f.id AS frame_id""";
    private static final String SIZES = """
            ,
                   octet_length(e.payload::text) AS payload_bytes,
                   coalesce(octet_length(f.image_sha256), 0) AS image_sha256_bytes,
                   coalesce(octet_length(f.viewport::text), 4) AS viewport_bytes,
                   coalesce(octet_length(f.dom::text), 4) AS dom_bytes,
                   coalesce(octet_length(f.accessibility_tree::text), 4) AS accessibility_tree_bytes""";
    private static final String FROM_WHERE_ORDER = """

            FROM catalog.sessions s
            JOIN catalog.events e ON e.session_id = s.id
            LEFT JOIN catalog.frames f ON f.id = e.frame_id AND f.session_id = e.session_id
            WHERE s.workspace_id = $1
              AND s.status = 'sealed'
              AND s.sealed_at <= $2
              AND s.workflow = ANY($3::text[])
              AND ($4::text IS NULL OR s.outcome = $4::text)
              AND ($5::timestamptz IS NULL OR s.created_at >= $5::timestamptz)
              AND ($6::timestamptz IS NULL OR s.created_at < $6::timestamptz)
              AND ($7::text IS NULL OR s.actor_kind = $7::text)
              AND ($8::bigint IS NULL OR s.duration_ms >= $8::bigint)
              AND ($9::bigint IS NULL OR s.duration_ms <= $9::bigint)
              AND NOT (s.id = ANY($10::text[]))
              AND ($11::text IS NULL OR EXISTS (
                    SELECT 1 FROM jsonb_array_elements(s.tags) AS t WHERE t ->> 'name' = $11::text))
              AND ($12::float8 IS NULL OR e.confidence >= $12::float8)
            ORDER BY s.id COLLATE "C", e.t_ms, e.id COLLATE "C"
            """;
    static final String MEASURED_ROWS = IDS + SIZES + FROM_WHERE_ORDER;
    static final String ROWS = IDS + FROM_WHERE_ORDER;

    private final Pool pool;

    CatalogReader(Pool pool) {
        this.pool = pool;
    }

    /**
     * Runs {@code work} in one read-only transaction on a snapshot (REPEATABLE READ), so that every read inside sees
     * the same catalog.
     */
    public <T> Uni<T> inSnapshot(java.util.function.Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(conn -> conn
                .query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").execute()
                .chain(() -> work.apply(conn)));
    }

    /**
     * The selected rows, in export order, read through a cursor {@code fetchSize} rows at a time; needs a transaction.
     *
     * @param measured whether to measure each row's JSON sizes (costs reading the documents in the database)
     */
    public Multi<CatalogRow> rows(SqlConnection conn, Selection selection, boolean measured, int fetchSize) {
        return conn.prepare(measured ? MEASURED_ROWS : ROWS)
                .onItem().transformToMulti(statement -> {
                    var cursor = statement.cursor(parameters(selection));
                    return Multi.createBy().repeating()
                            .uni(() -> cursor.read(fetchSize))
                            .whilst(page -> cursor.hasMore())
                            .onItem().transformToIterable(page -> page)
                            .onTermination().call(() -> cursor.close().chain(statement::close));
                })
                .onItem().transform(row -> toCatalogRow(row, measured));
    }

    /** Whether the catalog tables exist and can be read. */
    public Uni<Boolean> readable() {
        return pool.query("SELECT 1 FROM catalog.sessions, catalog.frames, catalog.events LIMIT 0").execute()
                .replaceWith(true)
                .onFailure().recoverWithItem(false);
    }

    private static Tuple parameters(Selection s) {
        return Tuple.tuple()
                .addValue(s.workspaceId())
                .addValue(timestamp(s.sealedBy()))
                .addValue(s.workflows().toArray(String[]::new))
                .addValue(s.outcome() == null ? null : s.outcome().name())
                .addValue(timestamp(s.since()))
                .addValue(timestamp(s.until()))
                .addValue(s.actorKind() == null ? null : s.actorKind().name())
                .addValue(s.minDurationMs())
                .addValue(s.maxDurationMs())
                .addValue(s.excludeSessionIds().toArray(String[]::new))
                .addValue(s.tag())
                .addValue(s.minEventConfidence());
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static CatalogRow toCatalogRow(Row row, boolean measured) {
        String outcome = row.getString("outcome");
        CatalogRow.Measured sizes = measured
                ? new CatalogRow.Measured(
                        row.getLong("payload_bytes"),
                        row.getLong("image_sha256_bytes"),
                        row.getLong("viewport_bytes"),
                        row.getLong("dom_bytes"),
                        row.getLong("accessibility_tree_bytes"))
                : null;
        return new CatalogRow(
                row.getString("session_id"),
                row.getString("workflow"),
                outcome == null ? null : Outcome.valueOf(outcome),
                row.getLong("t_ms"),
                row.getString("event_id"),
                row.getString("event_type"),
                row.getString("frame_id"),
                sizes);
    }
}
