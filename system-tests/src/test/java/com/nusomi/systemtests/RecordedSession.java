package com.nusomi.systemtests;

import static com.nusomi.systemtests.Api.map;

import com.fasterxml.jackson.databind.JsonNode;
import com.nusomi.devstack.testing.TestWebp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A session recorded through the public API, with the client's ledger: the {@code t_ms} of every frame and every event
 * the API acknowledged (201). Batch {@code n} holds frames {@code 10n..10n+9} at {@code t_ms = 100·i} and one click per
 * frame at {@code 100·i + 50}; {@link #finish} adds a success marker and stops. What the platform later shows is
 * compared with this ledger, never with internal counters.
 */
final class RecordedSession {
    static final int FRAMES_PER_BATCH = 10;

    final String id;
    final String workflow;
    final Set<Long> frames = ConcurrentHashMap.newKeySet();
    final Set<Long> events = ConcurrentHashMap.newKeySet();
    private volatile int batches;

    private RecordedSession(String id, String workflow) {
        this.id = id;
        this.workflow = workflow;
    }

    static RecordedSession start(ResilientClient client, String workflow) {
        var created = client.post("/v1/sessions", map("workflow", workflow, "actor", map("kind", "script", "id", "fault-matrix")));
        check(created, 201);
        var session = new RecordedSession(created.body().path("id").asText(), workflow);
        var started = client.post("/v1/sessions/" + session.id + "/start", map());
        if (started.status() != 200) {
            // a retried start whose first attempt was applied: the session records already
            check(client.get("/v1/sessions/" + session.id), 200, "recording");
        }
        return session;
    }

    int batches() {
        return batches;
    }

    /** Uploads the next batch of frames, then emits one click per frame; both retried until acknowledged. */
    void recordBatch(ResilientClient client) {
        int n = batches;
        List<Object> metadata = new ArrayList<>();
        Map<String, byte[]> images = new LinkedHashMap<>();
        for (int i = n * FRAMES_PER_BATCH; i < (n + 1) * FRAMES_PER_BATCH; i++) {
            metadata.add(map("t_ms", i * 100L, "image", "f" + i, "viewport", map("w", 64, "h", 48, "scale", 1),
                    "dom", map("tag", "html", "children", List.of(map("tag", "button", "text", "Approve " + i)))));
            images.put("f" + i, TestWebp.solid(64, 48, 0xff000000 | ((id.hashCode() * 31 + i) & 0xffffff)));
        }
        var uploaded = client.upload(id, map("frames", metadata), images);
        check(uploaded, 201);
        uploaded.body().path("data").forEach(f -> frames.add(f.path("t_ms").asLong()));
        List<Object> clicks = new ArrayList<>();
        for (int i = n * FRAMES_PER_BATCH; i < (n + 1) * FRAMES_PER_BATCH; i++) {
            clicks.add(map("type", "click", "t_ms", i * 100L + 50, "payload", map("x", i, "y", n)));
        }
        var emitted = client.post("/v1/sessions/" + id + "/events", map("events", clicks));
        check(emitted, 201);
        emitted.body().path("data").forEach(e -> events.add(e.path("t_ms").asLong()));
        batches = n + 1;
    }

    /** Emits the success marker after the last frame and stops the session. */
    void finish(ResilientClient client) {
        long tMs = (long) batches * FRAMES_PER_BATCH * 100 + 10;
        var success = client.post("/v1/sessions/" + id + "/events",
                map("type", "success", "t_ms", tMs, "payload", map("marker", "done")));
        check(success, 201);
        events.add(success.body().path("t_ms").asLong());
        stop(client);
    }

    void stop(ResilientClient client) {
        var stopped = client.post("/v1/sessions/" + id + "/stop", map());
        if (stopped.status() == 409) {
            // a retried stop whose first attempt was applied while the answer was lost: stopped (or sealed) already
            String status = client.get("/v1/sessions/" + id).body().path("status").asText();
            if (!status.equals("stopped") && !status.equals("sealed")) {
                throw new AssertionError("stop of " + id + " answered " + stopped + " and the session is " + status);
            }
            return;
        }
        check(stopped, 200);
    }

    private static void check(Api.Answer answer, int status) {
        if (answer.status() != status) {
            throw new AssertionError("expected " + status + ", got " + answer);
        }
    }

    private static void check(Api.Answer answer, int status, String sessionStatus) {
        check(answer, status);
        JsonNode body = answer.body();
        if (!sessionStatus.equals(body.path("status").asText())) {
            throw new AssertionError("expected a " + sessionStatus + " session, got " + body);
        }
    }
}
