package com.nusomi.manifestservice.support;

import java.util.Map;
import org.flywaydb.core.Flyway;

/**
 * Schema {@code gateway} as the gateway's own migrations create it: this service reads endpoints
 * ({@code gateway.webhooks}) and the export requests as the gateway understood them ({@code gateway.exports}) there,
 * and the gateway does not run in these tests. The migrations are read from api-gateway's sources (tests run from
 * this module's directory), so they cannot drift.
 */
public final class GatewayTables {
    private static final String MIGRATIONS = "filesystem:../api-gateway/src/main/resources/db/gateway";

    private GatewayTables() {}

    /** Migrates schema {@code gateway} with the connection settings the devstack hands to the service. */
    public static void ensure(Map<String, String> config) {
        Flyway.configure()
                .dataSource(config.get("quarkus.datasource.jdbc.url"), config.get("quarkus.datasource.username"),
                        config.getOrDefault("quarkus.datasource.password", ""))
                .schemas("gateway").createSchemas(true).locations(MIGRATIONS).load().migrate();
    }
}
