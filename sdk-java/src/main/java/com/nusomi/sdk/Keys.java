package com.nusomi.sdk;

import com.nusomi.sdk.model.ApiKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code nusomi.keys()} (admin scope): the API keys of the workspace. */
public final class Keys {
    private final HttpTransport http;

    Keys(HttpTransport http) {
        this.http = http;
    }

    /** Creates a key with these scopes (read, write, admin); the answer's {@code key} is the secret, shown only here. */
    public ApiKey create(String name, List<String> scopes) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        if (scopes != null && !scopes.isEmpty()) {
            body.put("scopes", scopes);
        }
        return http.json(HttpTransport.Call.post("/v1/keys", body), ApiKey.class);
    }

    /** Every key of the workspace, secrets redacted. */
    public ListResult<ApiKey> list() {
        return http.list("/v1/keys", Map.of(), ListOptions.DEFAULT, ApiKey.class);
    }

    /** Revokes a key at once (it then gets 401 {@code invalid_api_key}); answers it with {@code revokedAt}. */
    public ApiKey revoke(String id) {
        return http.json(HttpTransport.Call.delete("/v1/keys/" + HttpTransport.encode(id)), ApiKey.class);
    }
}
