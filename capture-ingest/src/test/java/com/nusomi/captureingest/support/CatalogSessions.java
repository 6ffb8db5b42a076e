package com.nusomi.captureingest.support;

import com.nusomi.contracts.IdPrefix;
import com.nusomi.devstack.testing.ForeignSchema;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Sessions in the catalog, where capture-ingest checks an upload's session: the sealer owns and migrates the catalog
 * and does not run in these tests, so its DDL is applied here ({@link ForeignSchema#CATALOG}).
 */
public final class CatalogSessions {
    private CatalogSessions() {}

    public static void ensureSchema() {
        ForeignSchema.CATALOG.ensure(key -> ConfigProvider.getConfig().getOptionalValue(key, String.class));
    }

    /** A session of {@code workspaceId} in {@code status}; returns its id. */
    public static String insert(Pool pool, String workspaceId, String status) {
        String id = IdPrefix.SESSION.newId();
        pool.preparedQuery("INSERT INTO catalog.sessions (id, workspace_id, workflow, status, actor_kind, surface, created_at) "
                        + "VALUES ($1, $2, 'process_invoice', $3, 'script', 'web', now())")
                .execute(Tuple.of(id, workspaceId, status)).await().indefinitely();
        return id;
    }
}
