package com.nusomi.apigateway.support;

import com.nusomi.devstack.testing.ForeignSchema;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The catalog as the session-sealer would leave it, over plain JDBC. The sealer owns and migrates schema
 * {@code catalog}; it does not run in these tests, so its DDL (service-kit {@code db/catalog/V1__catalog.sql}) is applied here.
 */
public final class Catalog {
    private Catalog() {}

    public static void ensureSchema() {
        ForeignSchema.CATALOG.ensure(key -> ConfigProvider.getConfig().getOptionalValue(key, String.class));
    }

    /** A frame of the session, as the sealer projects it from FrameCaptured. */
    public static void insertFrame(String frameId, String sessionId, String workspaceId, long tMs) {
        update("INSERT INTO catalog.frames (id, session_id, workspace_id, t_ms, image_bucket, image_key, image_sha256, "
                        + "image_size, width, height, keyframe, captured_at) VALUES (?, ?, ?, ?, 'nusomi', ?, ?, 10, 4, 4, true, ?)",
                frameId, sessionId, workspaceId, tMs, "frames/" + frameId + ".webp", "ab".repeat(32), Timestamp.from(Instant.now()));
    }

    public static void update(String sql, Object... params) {
        try (Connection c = connect(); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setObject(i + 1, params[i]);
            }
            st.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    public static Connection connect() throws SQLException {
        var config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(""));
    }
}
