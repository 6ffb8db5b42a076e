package com.nusomi.apigateway.stream;

import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

/**
 * The SSE frames of SPEC §5. Quarkus writes {@code field:value} with no space after the colon; SPEC shows
 * {@code id: evt_…}, and SSE readers drop one leading space, so each value is written with one.
 */
public final class SseFrames {
    private final Sse sse;

    public SseFrames(Sse sse) {
        this.sse = sse;
    }

    /** {@code id: evt_…}, {@code event: <type>}, {@code data: {…}}. */
    public OutboundSseEvent event(StreamEvent e) {
        return sse.newEventBuilder().id(" " + e.id()).name(" " + e.type()).data(String.class, " " + e.json()).build();
    }

    /** A named frame without id (export progress, end). */
    public OutboundSseEvent named(String name, String json) {
        return sse.newEventBuilder().name(" " + name).data(String.class, " " + json).build();
    }

    /** {@code : <text>} — ignored by SSE readers, keeps proxies from closing an idle stream. */
    public OutboundSseEvent comment(String text) {
        return sse.newEventBuilder().comment(" " + text).build();
    }
}
