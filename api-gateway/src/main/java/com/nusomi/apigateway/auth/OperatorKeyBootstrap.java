package com.nusomi.apigateway.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nusomi.apigateway.config.GatewayConfig;
import com.nusomi.contracts.ApiKeys;
import com.nusomi.contracts.IdPrefix;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Makes sure the installation has its one operator key at start. Either the configured {@code nusomi.gateway.operator-key}
 * (hash stored; the same value on every restart changes nothing), or, when none is configured and none exists, a fresh
 * key whose secret is written once to {@code nusomi.gateway.bootstrap-file} (mode 0600) — the only time it exists in
 * clear. Runs over JDBC on the start thread, after Flyway, so the service never serves requests without it.
 */
@ApplicationScoped
public class OperatorKeyBootstrap {
    private static final Logger LOG = Logger.getLogger(OperatorKeyBootstrap.class);
    private static final int MIN_SECRET_CHARS = 16;

    private final AgroalDataSource dataSource;
    private final GatewayConfig config;

    OperatorKeyBootstrap(AgroalDataSource dataSource, GatewayConfig config) {
        this.dataSource = dataSource;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        try {
            if (config.operatorKey().isPresent()) {
                seed(config.operatorKey().get().trim());
            } else {
                createIfMissing();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot set up the operator key: " + e.getMessage(), e);
        }
    }

    /** The configured key becomes the one live operator key; any other live one is revoked. */
    void seed(String secret) throws SQLException {
        if (!secret.startsWith(ApiKeys.OPERATOR_PREFIX) || secret.length() < ApiKeys.OPERATOR_PREFIX.length() + MIN_SECRET_CHARS) {
            throw new IllegalStateException("nusomi.gateway.operator-key must be '" + ApiKeys.OPERATOR_PREFIX
                    + "' followed by at least " + MIN_SECRET_CHARS + " characters");
        }
        String hash = KeySecrets.hash(secret);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement revokeOthers = c.prepareStatement("UPDATE gateway.api_keys SET revoked_at = now() "
                    + "WHERE kind = 'operator' AND revoked_at IS NULL AND key_hash <> ?");
                 PreparedStatement upsert = c.prepareStatement("INSERT INTO gateway.api_keys "
                         + "(id, kind, workspace_id, name, scopes, key_hash, redacted, created_at) "
                         + "VALUES (?, 'operator', NULL, 'operator', '{}', ?, ?, ?) "
                         + "ON CONFLICT (key_hash) DO UPDATE SET revoked_at = NULL")) {
                revokeOthers.setString(1, hash);
                int revoked = revokeOthers.executeUpdate();
                upsert.setString(1, IdPrefix.API_KEY.newId());
                upsert.setString(2, hash);
                upsert.setString(3, KeySecrets.redact(secret, ApiKeys.OPERATOR_PREFIX));
                upsert.setTimestamp(4, Timestamp.from(now()));
                upsert.executeUpdate();
                c.commit();
                LOG.infof("operator key from configuration in place%s", revoked > 0 ? " (the previous one was revoked)" : "");
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** First start without a configured key: create one and hand it over through the bootstrap file. */
    void createIfMissing() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO gateway.api_keys "
                    + "(id, kind, workspace_id, name, scopes, key_hash, redacted, created_at) "
                    + "VALUES (?, 'operator', NULL, 'operator', '{}', ?, ?, ?) ON CONFLICT DO NOTHING")) {
                String secret = KeySecrets.mint(ApiKeys.OPERATOR_PREFIX);
                insert.setString(1, IdPrefix.API_KEY.newId());
                insert.setString(2, KeySecrets.hash(secret));
                insert.setString(3, KeySecrets.redact(secret, ApiKeys.OPERATOR_PREFIX));
                insert.setTimestamp(4, Timestamp.from(now()));
                if (insert.executeUpdate() == 0) {
                    c.rollback();
                    LOG.info("operator key already in place");
                    return;
                }
                // written before the commit: if the file cannot be written, no unobtainable key is left behind
                if (config.bootstrapFile().isPresent()) {
                    Path file = Path.of(config.bootstrapFile().get());
                    writeBootstrapFile(file, secret);
                    LOG.infof("created the operator key; its secret was written to %s (mode 0600)", file.toAbsolutePath());
                } else {
                    LOG.warn("created the operator key, but nusomi.gateway.bootstrap-file is not set, so its secret cannot be "
                            + "handed over; set nusomi.gateway.operator-key to an nso_… secret of your choice to replace it");
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Writes {@code {"operator_key": …}} readable by the owner only, atomically (a temp file moved into place). */
    static void writeBootstrapFile(Path file, String secret) {
        try {
            Path absolute = file.toAbsolutePath();
            Files.createDirectories(absolute.getParent());
            Path temp = absolute.resolveSibling(absolute.getFileName() + ".tmp");
            Files.deleteIfExists(temp);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(temp);
            }
            byte[] json = new ObjectMapper().writeValueAsBytes(Map.of("operator_key", secret));
            Files.write(temp, json);
            Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the operator key to " + file + ": " + e.getMessage(), e);
        }
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
