package com.nusomi.sdk;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nusomi.sdk.internal.Json;
import com.nusomi.sdk.model.Replay;

/** {@code nusomi.replay()}: re-run a recorded session (SPEC §8); {@code not_available} where the server has no replay. */
public final class ReplayResource {
    private final HttpTransport http;

    ReplayResource(HttpTransport http) {
        this.http = http;
    }

    public Replay exact(String sessionId, ReplayOptions options) {
        return create(sessionId, "exact", options);
    }

    public Replay guided(String sessionId, ReplayOptions options) {
        return create(sessionId, "guided", options);
    }

    public Replay partial(String sessionId, ReplayOptions options) {
        return create(sessionId, "partial", options);
    }

    public Replay get(String id) {
        return LaterCapability.call(http, "replay", HttpTransport.Call.get("/v1/replays/" + HttpTransport.encode(id)),
                Replay.class);
    }

    private Replay create(String sessionId, String mode, ReplayOptions options) {
        ObjectNode body = Json.MAPPER.valueToTree(options == null ? ReplayOptions.DEFAULT : options);
        body.put("session_id", sessionId);
        body.put("mode", mode);
        return LaterCapability.call(http, "replay", HttpTransport.Call.post("/v1/replays", body), Replay.class);
    }
}
