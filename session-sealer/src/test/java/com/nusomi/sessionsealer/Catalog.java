package com.nusomi.sessionsealer;

import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;

/** The catalog as other services read it: plain JDBC against the devstack PostgreSQL. */
public final class Catalog {
    private Catalog() {}

    /** The session row as column → value, if it exists. */
    public static Optional<Map<String, Object>> session(String id) {
        return row("SELECT * FROM catalog.sessions WHERE id = ?", id);
    }

    public static Map<String, Object> awaitSession(String id, String status) {
        return await().atMost(SealerKafka.WAIT)
                .until(() -> session(id), s -> s.isPresent() && status.equals(s.get().get("status"))).orElseThrow();
    }

    public static long count(String table, String sessionId) {
        return ((Number) row("SELECT count(*) AS n FROM catalog." + table + " WHERE session_id = ?", sessionId)
                .orElseThrow().get("n")).longValue();
    }

    private static Optional<Map<String, Object>> row(String sql, String param) {
        try (Connection c = connect(); var statement = c.prepareStatement(sql)) {
            statement.setString(1, param);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                var row = new HashMap<String, Object>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
                }
                return Optional.of(row);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Connection connect() throws SQLException {
        var config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(""));
    }
}
