package com.nusomi.apigateway.auth;

import java.util.Set;

/** Who is calling: the installation's operator, or a key of one workspace with its scopes. */
public record Caller(String keyId, String workspaceId, Set<Scope> scopes) {

    public static Caller operator(String keyId) {
        return new Caller(keyId, null, Set.of());
    }

    public boolean isOperator() {
        return workspaceId == null;
    }

    public boolean has(Scope needed) {
        return scopes.stream().anyMatch(s -> s.implies(needed));
    }
}
