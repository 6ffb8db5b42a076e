package com.nusomi.sessionsealer.persistence;

import static com.nusomi.sessionsealer.persistence.Sql.params;
import static com.nusomi.sessionsealer.persistence.Sql.ts;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.stream.StreamSupport;

/** {@code catalog.blob_deletions}: images of deleted sessions waiting for their grace period. */
@ApplicationScoped
public class BlobDeletionRepository {

    /** An image queued for deletion. */
    public record Blob(String bucket, String key) {}

    /** Queued images requested before {@code before}, oldest first. */
    public Uni<List<Blob>> due(SqlClient client, Instant before, int limit) {
        return client.preparedQuery("""
                SELECT bucket, key FROM catalog.blob_deletions WHERE requested_at < $1 ORDER BY requested_at LIMIT $2""")
                .execute(params(ts(before), limit))
                .map(rows -> StreamSupport.stream(rows.spliterator(), false)
                        .map(r -> new Blob(r.getString("bucket"), r.getString("key"))).toList());
    }

    /** Whether any frame, of any session or workspace, still shows this image. */
    public Uni<Boolean> referenced(SqlClient client, Blob blob) {
        return client.preparedQuery("SELECT 1 FROM catalog.frames WHERE image_bucket = $1 AND image_key = $2 LIMIT 1")
                .execute(params(blob.bucket(), blob.key()))
                .map(rows -> rows.size() > 0);
    }

    public Uni<Void> forget(SqlClient client, Blob blob) {
        return client.preparedQuery("DELETE FROM catalog.blob_deletions WHERE bucket = $1 AND key = $2")
                .execute(params(blob.bucket(), blob.key())).replaceWithVoid();
    }
}
