package com.nusomi.apigateway.auth;

import static com.nusomi.apigateway.support.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nusomi.apigateway.mapping.Json;
import com.nusomi.apigateway.support.Api;
import com.nusomi.apigateway.support.Catalog;
import com.nusomi.apigateway.support.FakeCaptureIngest;
import com.nusomi.devstack.DevStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.ResultSet;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@QuarkusTest
@QuarkusTestResource(DevStackResource.class)
@QuarkusTestResource(FakeCaptureIngest.class)
class OperatorKeyBootstrapTest {
    @Inject
    OperatorKeyBootstrap bootstrap;

    @ConfigProperty(name = "nusomi.gateway.bootstrap-file")
    String bootstrapFile;

    @Test
    void theFirstStartWroteTheOperatorKeyToAnOwnerOnlyFileAndStoredOnlyItsHash() throws Exception {
        Path file = Path.of(bootstrapFile);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        String secret = Api.operatorKey();
        assertTrue(secret.startsWith("nso_"), secret);
        as(secret).get("/v1/workspaces").then().statusCode(200);

        try (var c = Catalog.connect(); var s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT key_hash FROM gateway.api_keys WHERE kind = 'operator' AND revoked_at IS NULL")) {
            assertTrue(rs.next());
            assertEquals(KeySecrets.hash(secret), rs.getString(1));
        }
        try (var c = Catalog.connect(); var s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM gateway.api_keys WHERE key_hash = '" + secret + "' OR redacted = '" + secret + "'")) {
            rs.next();
            assertEquals(0, rs.getLong(1), "the secret itself is stored nowhere");
        }
    }

    @Test
    void aSecondStartChangesNothing() throws Exception {
        String before = Files.readString(Path.of(bootstrapFile));
        bootstrap.createIfMissing();
        assertEquals(before, Files.readString(Path.of(bootstrapFile)));
        as(Api.operatorKey()).get("/v1/workspaces").then().statusCode(200);
    }

    @Test
    void aConfiguredOperatorKeyReplacesTheStoredOneIdempotently() throws Exception {
        String original = Api.operatorKey();
        String seeded = "nso_seeded_by_the_launcher_0123456789";
        try {
            bootstrap.seed(seeded);
            bootstrap.seed(seeded);
            as(seeded).get("/v1/workspaces").then().statusCode(200);
            as(original).get("/v1/workspaces").then().statusCode(401).body("error.code", equalTo("invalid_api_key"));
        } finally {
            bootstrap.seed(original); // the other tests read the key from the bootstrap file
        }
        as(original).get("/v1/workspaces").then().statusCode(200);
        as(seeded).get("/v1/workspaces").then().statusCode(401);
        assertThrows(IllegalStateException.class, () -> bootstrap.seed("nsk_local_not_an_operator_key"));
    }

    @Test
    void theBootstrapFileIsJsonReadableByItsOwnerOnly(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("nested/credentials.json");
        OperatorKeyBootstrap.writeBootstrapFile(file, "nso_abc");
        assertEquals("nso_abc", Json.parse(Files.readString(file)).path("operator_key").asText());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }
}
