package com.nusomi.apigateway.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.nusomi.apigateway.auth.KeySecrets;
import com.nusomi.apigateway.auth.Scope;
import com.nusomi.apigateway.mapping.JsonBody;
import com.nusomi.apigateway.persistence.KeyRepository;
import com.nusomi.apigateway.persistence.KeyRow;
import com.nusomi.contracts.ApiKeys;
import com.nusomi.contracts.ErrorCode;
import com.nusomi.contracts.IdPrefix;
import com.nusomi.kit.api.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Workspace API keys: minted once, stored as SHA-256, revoked at once. */
@ApplicationScoped
public class KeyService {
    static final int NAME_MAX = 200;
    /** SPEC §4: a key without explicit scopes can read and write. */
    static final List<String> DEFAULT_SCOPES = List.of(Scope.WRITE.wire());

    private final KeyRepository keys;

    KeyService(KeyRepository keys) {
        this.keys = keys;
    }

    /** A new key and, only here, its secret. */
    public record MintedKey(KeyRow key, String secret) {}

    public Uni<MintedKey> create(String workspaceId, JsonNode body) {
        JsonNode request = JsonBody.object(body);
        String name = name(request, "name");
        List<String> scopes = scopes(request);
        MintedKey minted = mint(workspaceId, name, scopes);
        return keys.insertWorkspaceKey(minted.key(), KeySecrets.hash(minted.secret())).replaceWith(minted);
    }

    public Uni<List<KeyRow>> list(String workspaceId, String afterId, int limit) {
        return keys.list(workspaceId, afterId, limit);
    }

    public Uni<KeyRow> revoke(String workspaceId, String keyId) {
        if (!IdPrefix.API_KEY.matches(keyId)) {
            return Uni.createFrom().failure(notFound(keyId));
        }
        return keys.revoke(workspaceId, keyId, now()).map(revoked -> revoked.orElseThrow(() -> notFound(keyId)));
    }

    /** A workspace key row with a fresh secret (not yet stored). */
    public static MintedKey mint(String workspaceId, String name, List<String> scopes) {
        String secret = KeySecrets.mint(ApiKeys.LOCAL_PREFIX);
        var row = new KeyRow(IdPrefix.API_KEY.newId(), KeyRow.WORKSPACE, workspaceId, name, scopes,
                KeySecrets.redact(secret, ApiKeys.LOCAL_PREFIX), now(), null);
        return new MintedKey(row, secret);
    }

    static String name(JsonNode request, String param) {
        String name = JsonBody.requiredString(request, "name", param).trim();
        if (name.isEmpty() || name.length() > NAME_MAX) {
            throw ApiException.invalidRequest(param + " must be 1 to " + NAME_MAX + " characters", param);
        }
        return name;
    }

    private static List<String> scopes(JsonNode request) {
        var array = JsonBody.array(request, "scopes", "scopes");
        if (array.isEmpty()) {
            return DEFAULT_SCOPES;
        }
        if (array.get().isEmpty()) {
            throw ApiException.invalidRequest("scopes must name at least one of read, write, admin", "scopes");
        }
        Set<String> scopes = new LinkedHashSet<>();
        for (int i = 0; i < array.get().size(); i++) {
            JsonNode scope = array.get().get(i);
            String param = "scopes[" + i + "]";
            if (!scope.isTextual() || Scope.fromWire(scope.asText()).isEmpty()) {
                throw ApiException.invalidRequest(param + " must be one of read, write, admin", param);
            }
            scopes.add(scope.asText());
        }
        return new ArrayList<>(scopes);
    }

    private static ApiException notFound(String keyId) {
        return new ApiException(ErrorCode.KEY_NOT_FOUND, "no live key " + keyId + " in this workspace");
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
