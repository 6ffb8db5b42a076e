package com.nusomi.devstack.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import com.nusomi.devstack.DevStackSettings;
import java.util.HashSet;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import org.postgresql.Driver;

/**
 * Another service's schema, for a test that does not run that service: its Flyway migrations (classpath resources,
 * e.g. service-kit's {@code db/catalog/V1__catalog.sql}) applied once over JDBC, unless the schema already has its
 * tables (the owner, or an earlier test of the same database, created them).
 */
public final class ForeignSchema {
    /** The catalog as session-sealer, its owner and only migrator, leaves it. */
    public static final ForeignSchema CATALOG = new ForeignSchema("catalog", "sessions", "db/catalog/V1__catalog.sql");
    /** export-planner's plans, which shard-writer reads. */
    public static final ForeignSchema PLANNER = new ForeignSchema("planner", "plans", "db/planner/V1__planner.sql");

    private static final Set<String> applied = new HashSet<>();
    private final String schema;
    private final String probeTable;
    private final String migration;

    public ForeignSchema(String schema, String probeTable, String migration) {
        this.schema = schema;
        this.probeTable = probeTable;
        this.migration = migration;
    }

    /** The same, with the datasource the devstack gave the test's configuration ({@code key -> config value}). */
    public void ensure(Function<String, Optional<String>> config) {
        ensure(config.apply(DevStackSettings.JDBC_URL).orElseThrow(), config.apply(DevStackSettings.DB_USERNAME).orElseThrow(),
                config.apply(DevStackSettings.DB_PASSWORD).orElse(""));
    }

    /** Applies the migration unless {@code schema.probeTable} exists; once per JVM and JDBC URL. */
    public void ensure(String jdbcUrl, String user, String password) {
        synchronized (applied) {
            if (applied.contains(jdbcUrl + "|" + schema)) {
                return;
            }
            var credentials = new Properties();
            credentials.setProperty("user", user);
            credentials.setProperty("password", password == null ? "" : password);
            // the driver directly: DriverManager does not see drivers of a Quarkus test class loader
            try (Connection c = new Driver().connect(jdbcUrl, credentials); var s = c.createStatement()) {
                try (var present = s.executeQuery("SELECT to_regclass('" + schema + "." + probeTable + "') IS NOT NULL")) {
                    present.next();
                    if (!present.getBoolean(1)) {
                        c.setAutoCommit(false);
                        s.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
                        s.execute("SET LOCAL search_path TO " + schema);
                        s.execute(ddl());
                        c.commit();
                    }
                }
                applied.add(jdbcUrl + "|" + schema);
            } catch (SQLException | IOException e) {
                throw new IllegalStateException("cannot apply " + migration + " to schema " + schema, e);
            }
        }
    }

    private String ddl() throws IOException {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try (InputStream in = (loader != null ? loader : ForeignSchema.class.getClassLoader()).getResourceAsStream(migration)) {
            if (in == null) {
                throw new IOException(migration + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
