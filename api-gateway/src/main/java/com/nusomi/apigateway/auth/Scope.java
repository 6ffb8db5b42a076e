package com.nusomi.apigateway.auth;

import java.util.Locale;
import java.util.Optional;

/** SPEC §4 key scopes; each implies the ones before it (admin ⊃ write ⊃ read). */
public enum Scope {
    READ,
    WRITE,
    ADMIN;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean implies(Scope needed) {
        return ordinal() >= needed.ordinal();
    }

    public static Optional<Scope> fromWire(String value) {
        for (Scope s : values()) {
            if (s.wire().equals(value)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
