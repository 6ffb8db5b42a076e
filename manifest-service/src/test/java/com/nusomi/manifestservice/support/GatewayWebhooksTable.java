package com.nusomi.manifestservice.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

/**
 * {@code gateway.webhooks} as the gateway's own migration creates it: this service reads endpoints there, and the
 * gateway does not run in these tests. The DDL is read from api-gateway's sources (tests run from this module's
 * directory), so it cannot drift.
 */
public final class GatewayWebhooksTable {
    private static final Path DDL = Path.of("..", "api-gateway", "src", "main", "resources", "db", "gateway",
            "V30__webhooks.sql");

    private GatewayWebhooksTable() {}

    /** Applies the DDL once, with the connection settings the devstack hands to the service. */
    public static void ensure(Map<String, String> config) {
        try (Connection c = DriverManager.getConnection(config.get("quarkus.datasource.jdbc.url"),
                config.get("quarkus.datasource.username"), config.getOrDefault("quarkus.datasource.password", ""));
             var s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS gateway");
            try (var rs = s.executeQuery("SELECT 1 FROM information_schema.tables "
                    + "WHERE table_schema = 'gateway' AND table_name = 'webhooks'")) {
                if (rs.next()) {
                    return;
                }
            }
            s.execute("SET search_path TO gateway");
            s.execute(Files.readString(DDL));
            s.execute("SET search_path TO public");
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("cannot apply the gateway's webhooks DDL from " + DDL.toAbsolutePath(), e);
        }
    }
}
