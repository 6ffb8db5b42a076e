package com.nusomi.devstack;

import com.nusomi.devstack.internal.Await;
import com.nusomi.devstack.internal.StaleStacks;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

/**
 * A real PostgreSQL server (binaries from the zonky Maven jar) started by this JVM. Creates the role
 * {@value #USER} and the databases {@value #DATABASE} (services) and {@value #REGISTRY_DATABASE} (the schema
 * registry's storage in the local run).
 */
public final class Postgres implements AutoCloseable {
    public static final String USER = "nusomi";
    public static final String PASSWORD = "nusomi";
    public static final String DATABASE = "nusomi";
    public static final String REGISTRY_DATABASE = "apicurio";

    private final EmbeddedPostgres postgres;
    private final Path dataDir;
    private volatile boolean closed;

    private Postgres(EmbeddedPostgres postgres, Path dataDir) {
        this.postgres = postgres;
        this.dataDir = dataDir;
    }

    /**
     * Starts PostgreSQL on {@code port} with its data in {@code dataDir}.
     *
     * @param persistent keep (and reuse) the data directory; otherwise it is wiped on start and on close
     */
    public static Postgres start(Path dataDir, int port, boolean persistent) {
        try {
            Files.createDirectories(dataDir);
            if (persistent) {
                StaleStacks.stopPostgres(dataDir);
            }
            var builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(!persistent)
                    .setPort(port)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("max_connections", "200")
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(dataDir.resolveSibling(
                            dataDir.getFileName() + ".log").toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(dataDir.resolveSibling(
                            dataDir.getFileName() + ".log").toFile()));
            if (!persistent) {
                builder.setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off")
                        .setServerConfig("full_page_writes", "off");
            }
            Postgres pg = new Postgres(builder.start(), dataDir);
            try {
                pg.awaitReady();
                pg.bootstrap();
                return pg;
            } catch (RuntimeException e) {
                pg.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not start PostgreSQL in " + dataDir, e);
        }
    }

    private void awaitReady() {
        Await.until("PostgreSQL select 1", Duration.ofSeconds(30), () -> {
            try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), "postgres", "");
                 Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select 1")) {
                return rs.next() && rs.getInt(1) == 1 ? Boolean.TRUE : null;
            }
        });
    }

    private void bootstrap() {
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), "postgres", "");
             Statement s = c.createStatement()) {
            boolean role;
            try (ResultSet rs = s.executeQuery("select 1 from pg_roles where rolname = '" + USER + "'")) {
                role = rs.next();
            }
            if (!role) {
                s.execute("create role " + USER + " login createdb password '" + PASSWORD + "'");
            }
            for (String db : List.of(DATABASE, REGISTRY_DATABASE)) {
                boolean exists;
                try (ResultSet rs = s.executeQuery("select 1 from pg_database where datname = '" + db + "'")) {
                    exists = rs.next();
                }
                if (!exists) {
                    s.execute("create database " + db + " owner " + USER);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the nusomi role and databases", e);
        }
    }

    /** {@code jdbc:postgresql://localhost:<port>/<database>} */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port() + "/" + database;
    }

    /** {@code postgresql://localhost:<port>/<database>} (the Vert.x reactive client's form). */
    public String reactiveUrl(String database) {
        return "postgresql://localhost:" + port() + "/" + database;
    }

    public int port() {
        return postgres.getPort();
    }

    public String user() {
        return USER;
    }

    public String password() {
        return PASSWORD;
    }

    public Path dataDir() {
        return dataDir;
    }

    /**
     * Stops the server as an operator's restart would (fast shutdown: sessions are cut, data kept); clients see it
     * gone until {@link #startServer()}. For fault tests: a PostgreSQL restart under load.
     */
    public synchronized void stopServer() {
        try {
            Path pidFile = dataDir.resolve("postmaster.pid");
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            // SIGINT is PostgreSQL's fast shutdown; SIGTERM (smart) would wait for the services' pools to disconnect
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("could not signal PostgreSQL (pid " + pid + ")");
            }
            Await.until("PostgreSQL stopped", Duration.ofSeconds(60),
                    () -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) ? null : Boolean.TRUE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not stop PostgreSQL in " + dataDir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts the server again after {@link #stopServer()}, with the command line it last ran with, and waits for it. */
    public synchronized void startServer() {
        try {
            List<String> command = new java.util.ArrayList<>();
            if (io.zonky.test.db.postgres.util.LinuxUtils.isUnshareAvailable()) {
                command.addAll(List.of("unshare", "-U")); // as zonky does: PostgreSQL refuses to run as root
            }
            command.addAll(postmasterOptions(Files.readString(dataDir.resolve("postmaster.opts")).trim()));
            java.io.File log = dataDir.resolveSibling(dataDir.getFileName() + ".log").toFile();
            new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
            awaitReady();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start PostgreSQL in " + dataDir, e);
        }
    }

    /** {@code postmaster.opts}: the binary, then each argument in double quotes. */
    static List<String> postmasterOptions(String line) {
        List<String> parts = new java.util.ArrayList<>();
        int firstQuote = line.indexOf(" \"");
        parts.add(firstQuote < 0 ? line : line.substring(0, firstQuote));
        var quoted = java.util.regex.Pattern.compile("\"([^\"]*)\"").matcher(firstQuote < 0 ? "" : line.substring(firstQuote));
        while (quoted.find()) {
            parts.add(quoted.group(1));
        }
        return parts;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not stop PostgreSQL", e);
        }
    }
}
