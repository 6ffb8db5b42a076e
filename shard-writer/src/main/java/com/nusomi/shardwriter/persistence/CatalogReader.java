package com.nusomi.shardwriter.persistence;

import com.nusomi.shardwriter.config.ShardWriterConfig;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads frames and events of the catalog (schema {@code catalog}, written only by session-sealer). Called from the
 * shard writer's worker thread, so it waits for the reactive client; never call it on an event-loop thread.
 * Only rows of the task's workspace are returned: nothing crosses workspaces.
 */
@ApplicationScoped
public class CatalogReader {
    private static final String FRAMES = """
            SELECT id, session_id, t_ms, image_bucket, image_key, image_sha256,
                   viewport::text AS viewport, dom::text AS dom, accessibility_tree::text AS accessibility_tree
            FROM catalog.frames WHERE id = ANY($1) AND workspace_id = $2""";
    private static final String EVENTS = """
            SELECT id, session_id, frame_id, t_ms, type, payload::text AS payload
            FROM catalog.events WHERE id = ANY($1) AND workspace_id = $2""";

    private final Pool pool;
    private final Duration timeout;

    CatalogReader(Pool pool, ShardWriterConfig config) {
        this.pool = pool;
        this.timeout = config.catalogTimeout();
    }

    /** Frames of {@code workspaceId} among {@code ids}, by id; absent ids are simply missing from the map. */
    public Map<String, CatalogFrame> frames(String workspaceId, Collection<String> ids) {
        Map<String, CatalogFrame> frames = new HashMap<>();
        if (ids.isEmpty()) {
            return frames;
        }
        for (Row row : pool.preparedQuery(FRAMES).execute(Tuple.of(ids.toArray(String[]::new), workspaceId))
                .await().atMost(timeout)) {
            var frame = new CatalogFrame(row.getString("id"), row.getString("session_id"), row.getLong("t_ms"),
                    row.getString("image_bucket"), row.getString("image_key"), row.getString("image_sha256"),
                    row.getString("viewport"), row.getString("dom"), row.getString("accessibility_tree"));
            frames.put(frame.id(), frame);
        }
        return frames;
    }

    /** Events of {@code workspaceId} among {@code ids}, by id. */
    public Map<String, CatalogEvent> events(String workspaceId, Collection<String> ids) {
        Map<String, CatalogEvent> events = new HashMap<>();
        if (ids.isEmpty()) {
            return events;
        }
        for (Row row : pool.preparedQuery(EVENTS).execute(Tuple.of(ids.toArray(String[]::new), workspaceId))
                .await().atMost(timeout)) {
            var event = new CatalogEvent(row.getString("id"), row.getString("session_id"), row.getString("frame_id"),
                    row.getLong("t_ms"), row.getString("type"), row.getString("payload"));
            events.put(event.id(), event);
        }
        return events;
    }
}
