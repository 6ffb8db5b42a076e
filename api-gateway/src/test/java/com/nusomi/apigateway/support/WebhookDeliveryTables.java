package com.nusomi.apigateway.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * manifest-service's delivery queue ({@code manifest.webhook_*}) as its own migration creates it: the gateway reads
 * and re-queues deliveries there, and manifest-service does not run in these tests. The DDL is read from
 * manifest-service's sources (the tests run from the api-gateway module directory), so it cannot drift.
 */
public final class WebhookDeliveryTables {
    private static final Path DDL = Path.of("..", "manifest-service", "src", "main", "resources", "db", "manifest",
            "V30__webhook_deliveries.sql");
    private static boolean ready;

    private WebhookDeliveryTables() {}

    public static synchronized void ensure() {
        if (ready) {
            return;
        }
        try (Connection c = Catalog.connect(); var s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM information_schema.tables "
                    + "WHERE table_schema = 'manifest' AND table_name = 'webhook_deliveries'")) {
                if (!rs.next()) {
                    s.execute("CREATE SCHEMA IF NOT EXISTS manifest");
                    s.execute("SET search_path TO manifest");
                    s.execute(Files.readString(DDL));
                    s.execute("SET search_path TO public");
                }
            }
            ready = true;
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("cannot apply manifest-service's webhook DDL from " + DDL.toAbsolutePath(), e);
        }
    }
}
