package com.nusomi.apigateway.stream;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.nusomi.apigateway.stream.Live.EventArrived;
import com.nusomi.apigateway.stream.Live.SessionEnded;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One open event stream (a session's or a workflow's). It is subscribed to the {@link LiveFeed} before its history
 * is read; until {@link #goLive} what the feed hands over is held, then sent after the replay, skipping the events
 * the replay already sent. From then on events go straight to the client.
 */
final class EventStream implements LiveFeed.Listener {
    private final StreamFilter filter;
    private final int maxHeld;
    private SseOutbox out;
    private boolean live;
    private final List<Live> held = new ArrayList<>();
    private long heldDropped;
    private Set<String> replayed = new HashSet<>();

    EventStream(StreamFilter filter, int maxHeld) {
        this.filter = filter;
        this.maxHeld = maxHeld;
    }

    /** Where frames go; set once the client subscribed, before the replay starts. */
    synchronized void attach(SseOutbox out) {
        this.out = out;
    }

    @Override
    public void accept(Live item) {
        synchronized (this) {
            if (!live) {
                if (item instanceof EventArrived && held.size() >= maxHeld) {
                    heldDropped++;
                } else {
                    held.add(item);
                }
                return;
            }
        }
        send(item);
    }

    /** Completes once the client has taken most of what was sent (replay pages wait on it). */
    java.util.concurrent.CompletableFuture<Void> room(int below) {
        return out.room(below);
    }

    /** A replayed event; false when it was sent already (the catalog and the topic both had it). */
    boolean replay(StreamEvent e) {
        if (!replayed.add(e.id())) {
            return false;
        }
        out.offer(e.frame());
        return true;
    }

    /** Replay done: send what arrived meanwhile (not replayed already), then everything as it comes. */
    void goLive(boolean ended, String endedStatus, String sessionId) {
        synchronized (this) {
            if (heldDropped > 0) {
                out.offerNotice(SseFrames.comment("dropped " + heldDropped));
            }
            for (Live item : held) {
                if (item instanceof EventArrived a && replayed.contains(a.event().id())) {
                    continue;
                }
                send(item);
            }
            held.clear();
            replayed = null;
            live = true;
            if (ended) {
                out.end(end(sessionId, endedStatus));
            }
        }
    }

    private void send(Live item) {
        switch (item) {
            case EventArrived a -> {
                if (filter.matches(a.event())) {
                    out.offer(a.event().frame());
                }
            }
            case SessionEnded e -> out.end(end(e.sessionId(), e.status()));
            default -> { }
        }
    }

    private static byte[] end(String sessionId, String status) {
        var data = JsonNodeFactory.instance.objectNode().put("session_id", sessionId).put("status", status);
        return SseFrames.named("end", data.toString());
    }
}
