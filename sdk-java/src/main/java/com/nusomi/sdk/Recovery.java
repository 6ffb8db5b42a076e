package com.nusomi.sdk;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nusomi.sdk.internal.Json;
import com.nusomi.sdk.model.Replay;

/** {@code nusomi.recovery()}: a guided partial replay from the frame before the first error (SPEC §8). */
public final class Recovery {
    private final HttpTransport http;

    Recovery(HttpTransport http) {
        this.http = http;
    }

    /** Starts a recovery of the session; {@code not_available} where the server has none. */
    public Replay from(String sessionId, ReplayOptions options) {
        ObjectNode body = Json.MAPPER.valueToTree(options == null ? ReplayOptions.DEFAULT : options);
        body.put("session_id", sessionId);
        return LaterCapability.call(http, "recovery", HttpTransport.Call.post("/v1/recoveries", body), Replay.class);
    }
}
