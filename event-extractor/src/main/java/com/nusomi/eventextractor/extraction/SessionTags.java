package com.nusomi.eventextractor.extraction;

import com.nusomi.contracts.avro.Event;
import com.nusomi.contracts.avro.EventSource;
import com.nusomi.contracts.avro.EventType;
import com.nusomi.contracts.avro.SessionLifecycle;
import com.nusomi.contracts.avro.SessionTag;
import com.nusomi.contracts.avro.TagPayload;
import java.util.ArrayList;
import java.util.List;

/**
 * SPEC §2 {@code tag} events from the session's own tags (docs/extraction.md "Tags"): the {@code stopped} transition
 * carries every tag the session got while it was open, with the {@code t_ms} the sealer placed it at, so each becomes
 * one event there, not anchored yet (the SDK rule: the latest frame at or before its t_ms, else the first).
 */
public final class SessionTags {
    /** The user said so through the API: as certain as an SDK-emitted event. */
    public static final double TAG_CONFIDENCE = 1.0;

    private SessionTags() {}

    public static List<Extracted> events(SessionLifecycle stopped) {
        var tags = stopped.getSession().getTags();
        var out = new ArrayList<Extracted>(tags.size());
        long at = stopped.getAt().toEpochMilli();
        for (int i = 0; i < tags.size(); i++) {
            SessionTag tag = tags.get(i);
            var event = Event.newBuilder()
                    // tags are only ever appended: the i-th tag of a session is always the same one
                    .setEventId(EventIds.of(stopped.getSessionId() + "/tag/" + i, EventType.tag, at))
                    .setSessionId(stopped.getSessionId())
                    .setWorkspaceId(stopped.getWorkspaceId())
                    .setFrameId("")
                    .setTMs(tag.getTMs())
                    .setType(EventType.tag)
                    .setPayload(new TagPayload(tag.getName(), tag.getData()))
                    .setConfidence(TAG_CONFIDENCE)
                    .setSource(EventSource.sdk)
                    .setCreatedAt(stopped.getAt())
                    .build();
            out.add(new Extracted(event, null));
        }
        return out;
    }
}
