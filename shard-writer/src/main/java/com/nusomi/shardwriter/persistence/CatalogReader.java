package com.nusomi.shardwriter.persistence;

import com.nusomi.contracts.avro.ShardTask;
import com.nusomi.shardwriter.config.ShardWriterConfig;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Reads the rows a shard task names: its range of the export's plan rows (schema {@code planner}, written by
 * export-planner) joined with their frames and events in the catalog (schema {@code catalog}, written by
 * session-sealer), both read-only here. Rows come in seq order a page at a time, so memory holds one page whatever
 * the shard's size. Called from the shard writer's worker thread, so it waits for the reactive client; never call it
 * on an event-loop thread. Only rows of the task's workspace are returned: nothing crosses workspaces.
 */
@ApplicationScoped
public class CatalogReader {
    static final String PAGE = """
            SELECT r.seq, r.session_id, r.t_ms, r.workflow, r.outcome, r.frame_id, r.event_id, r.prior_event_id,
                   f.id AS f_id, f.t_ms AS f_t_ms, f.image_bucket, f.image_key, f.image_sha256,
                   f.viewport::text AS viewport, f.dom::text AS dom, f.accessibility_tree::text AS accessibility_tree,
                   e.id AS e_id, e.frame_id AS e_frame_id, e.t_ms AS e_t_ms, e.type AS e_type, e.payload::text AS e_payload,
                   p.id AS p_id, p.frame_id AS p_frame_id, p.t_ms AS p_t_ms, p.type AS p_type, p.payload::text AS p_payload
            FROM planner.plan_rows r
            JOIN planner.plans pl ON pl.export_id = r.export_id AND pl.workspace_id = $2
            LEFT JOIN catalog.frames f ON f.id = r.frame_id AND f.workspace_id = $2
            LEFT JOIN catalog.events e ON e.id = r.event_id AND e.workspace_id = $2
            LEFT JOIN catalog.events p ON p.id = r.prior_event_id AND p.workspace_id = $2
            WHERE r.export_id = $1 AND r.seq >= $3 AND r.seq < $4
            ORDER BY r.seq
            LIMIT $5""";

    private final Pool pool;
    private final Duration timeout;

    CatalogReader(Pool pool, ShardWriterConfig config) {
        this.pool = pool;
        this.timeout = config.catalogTimeout();
    }

    /**
     * Rows {@code first_row .. first_row + row_count - 1} of the task's export, in seq order, read {@code pageRows}
     * at a time as the iteration proceeds.
     *
     * @throws PlanRowsMissingException (while iterating) when the plan no longer holds a row of the range
     */
    public Iterable<PlanRow> rows(ShardTask task, int pageRows) {
        long end = task.getFirstRow() + task.getRowCount();
        return () -> new PagedRows(task, Math.max(1, pageRows), end);
    }

    private List<PlanRow> page(ShardTask task, long from, long end, int pageRows) {
        List<PlanRow> rows = new ArrayList<>(pageRows);
        for (Row row : pool.preparedQuery(PAGE)
                .execute(Tuple.of(task.getExportId(), task.getWorkspaceId(), from, end, pageRows))
                .await().atMost(timeout)) {
            rows.add(toPlanRow(row));
        }
        return rows;
    }

    private static PlanRow toPlanRow(Row row) {
        String sessionId = row.getString("session_id");
        CatalogFrame frame = row.getString("f_id") == null ? null
                : new CatalogFrame(row.getString("f_id"), sessionId, row.getLong("f_t_ms"), row.getString("image_bucket"),
                        row.getString("image_key"), row.getString("image_sha256"), row.getString("viewport"),
                        row.getString("dom"), row.getString("accessibility_tree"));
        return new PlanRow(row.getLong("seq"), sessionId, row.getLong("t_ms"), row.getString("workflow"),
                row.getString("outcome"), row.getString("frame_id"), frame,
                row.getString("event_id"), event(row, "e_", sessionId),
                row.getString("prior_event_id"), event(row, "p_", sessionId));
    }

    private static CatalogEvent event(Row row, String prefix, String sessionId) {
        String id = row.getString(prefix + "id");
        return id == null ? null : new CatalogEvent(id, sessionId, row.getString(prefix + "frame_id"),
                row.getLong(prefix + "t_ms"), row.getString(prefix + "type"), row.getString(prefix + "payload"));
    }

    /** Walks the range page by page (keyset on seq) and checks that no row of it is missing. */
    private final class PagedRows implements Iterator<PlanRow> {
        private final ShardTask task;
        private final int pageRows;
        private final long end;
        private long next;
        private Iterator<PlanRow> page = List.<PlanRow>of().iterator();

        PagedRows(ShardTask task, int pageRows, long end) {
            this.task = task;
            this.pageRows = pageRows;
            this.end = end;
            this.next = task.getFirstRow();
        }

        @Override
        public boolean hasNext() {
            if (page.hasNext()) {
                return true;
            }
            if (next >= end) {
                return false;
            }
            List<PlanRow> rows = page(task, next, end, pageRows);
            if (rows.isEmpty()) {
                throw new PlanRowsMissingException(task, next, end);
            }
            page = rows.iterator();
            return true;
        }

        @Override
        public PlanRow next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            PlanRow row = page.next();
            if (row.seq() != next) {
                throw new PlanRowsMissingException(task, next, end);
            }
            next++;
            return row;
        }
    }
}
