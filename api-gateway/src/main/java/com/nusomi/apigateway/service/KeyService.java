package com.nusomi.apigateway.service;

import com.nusomi.apigateway.auth.KeySecrets;
import com.nusomi.apigateway.auth.Scope;
import com.nusomi.apigateway.mapping.CreateKeyRequest;
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
import java.util.LinkedHashSet;
import java.util.List;

/** Workspace API keys: minted once, stored as SHA-256, revoked at once. */
@ApplicationScoped
public class KeyService {
    /** SPEC §4: a key without explicit scopes can read and write. */
    static final List<String> DEFAULT_SCOPES = List.of(Scope.WRITE.wire());

    private final KeyRepository keys;

    KeyService(KeyRepository keys) {
        this.keys = keys;
    }

    /** A new key and, only here, its secret. */
    public record MintedKey(KeyRow key, String secret) {}

    public Uni<MintedKey> create(String workspaceId, CreateKeyRequest request) {
        List<String> scopes = request.scopes() == null ? DEFAULT_SCOPES : List.copyOf(new LinkedHashSet<>(request.scopes()));
        MintedKey minted = mint(workspaceId, request.name().trim(), scopes);
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

    private static ApiException notFound(String keyId) {
        return new ApiException(ErrorCode.KEY_NOT_FOUND, "no live key " + keyId + " in this workspace");
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
