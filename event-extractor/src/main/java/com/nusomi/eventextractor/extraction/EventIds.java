package com.nusomi.eventextractor.extraction;

import com.github.f4b6a3.ulid.Ulid;
import com.nusomi.contracts.IdPrefix;
import com.nusomi.contracts.avro.EventType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Event ids derived from the signal that produced the event: a replay after a restart mints the same id, so the
 * catalog's {@code ON CONFLICT DO NOTHING} and any reader can recognise a repeat. The ULID's time is the signal's
 * receipt (sortable like every other id), its random part the SHA-256 of signal id and event type.
 */
public final class EventIds {
    private EventIds() {}

    public static String of(String signalId, EventType type, long receivedAtMs) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((signalId + '/' + type.name()).getBytes(StandardCharsets.UTF_8));
            return IdPrefix.EVENT.prefix() + new Ulid(receivedAtMs, Arrays.copyOf(digest, 10));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
