package com.nusomi.sessionsealer.persistence;

import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;

/** Small helpers for the reactive client's parameters. */
final class Sql {
    private Sql() {}

    /** A tuple that, unlike {@code Tuple.of}, takes nulls and any arity. */
    static Tuple params(Object... values) {
        return Tuple.from(Arrays.asList(values));
    }

    static OffsetDateTime ts(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
