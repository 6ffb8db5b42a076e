package com.nusomi.devstack.launch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nusomi.contracts.ApiKeys;
import com.nusomi.devstack.DevStackSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * {@code $NUSOMI_HOME/credentials.json} (SPEC "Local installation file"), mode 0600:
 * {@code {gateway_url, operator_key, admin_key, workspace_id, object_store: {endpoint, region, access_key, secret_key, bucket}}}.
 */
public record Credentials(String gatewayUrl, String operatorKey, String adminKey, String workspaceId,
                          DevStackSettings objectStore) {
    public static final String FILE = "credentials.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** A fresh operator key: {@code nso_} plus 32 random bytes in hex. */
    public static String newOperatorKey() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return ApiKeys.OPERATOR_PREFIX + HexFormat.of().formatHex(secret);
    }

    /** The operator key and workspace of an earlier run, if any. */
    public static Optional<JsonNode> read(Path home) throws IOException {
        Path file = home.resolve(FILE);
        return Files.exists(file) ? Optional.of(JSON.readTree(file.toFile())) : Optional.empty();
    }

    public void write(Path home) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("gateway_url", gatewayUrl);
        root.put("operator_key", operatorKey);
        root.put("admin_key", adminKey);
        root.put("workspace_id", workspaceId);
        ObjectNode store = root.putObject("object_store");
        store.put("endpoint", objectStore.s3Endpoint());
        store.put("region", objectStore.s3Region());
        store.put("access_key", objectStore.s3AccessKey());
        store.put("secret_key", objectStore.s3SecretKey());
        store.put("bucket", objectStore.bucket());
        Path tmp = home.resolve(FILE + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        JSON.writeValue(tmp.toFile(), root);
        Files.move(tmp, home.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
