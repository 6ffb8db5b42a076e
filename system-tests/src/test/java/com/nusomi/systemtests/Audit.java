package com.nusomi.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.nusomi.contracts.Topic;
import com.nusomi.contracts.avro.SessionLifecycle;
import com.nusomi.contracts.avro.SessionStatus;
import com.nusomi.devstack.testing.TopicReader;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Counts what a user can see — API answers, exported shard bytes, records on {@code nusomi.sessions.lifecycle} —
 * against the client's ledger: how many frames, events and exported rows are missing or present twice, and how many
 * sessions were sealed twice.
 */
final class Audit {
    int frames;
    int framesLost;
    int framesDuplicated;
    int events;
    int eventsLost;
    int eventsDuplicated;
    int rows;
    int rowsLost;
    int rowsDuplicated;
    int sealedTwice;
    int sealRepeats;
    final List<String> problems = new ArrayList<>();

    /** The sealed session against its ledger: counts on the session, then every listed frame and event. */
    void session(ResilientClient client, RecordedSession s) {
        JsonNode session = client.get("/v1/sessions/" + s.id).body();
        if (!"sealed".equals(session.path("status").asText())) {
            problems.add(s.id + " is " + session.path("status").asText() + ", not sealed");
        }
        frames += s.frames.size();
        events += s.events.size();
        List<Long> listedFrames = list(client, "/v1/sessions/" + s.id + "/frames?limit=500");
        List<Long> listedEvents = list(client, "/v1/sessions/" + s.id + "/events?limit=1000");
        framesLost += missing(s.frames, listedFrames);
        framesDuplicated += repeated(listedFrames) + Math.max(0, session.path("frame_count").asInt() - s.frames.size());
        eventsLost += missing(s.events, listedEvents);
        eventsDuplicated += repeated(listedEvents) + Math.max(0, session.path("event_count").asInt() - s.events.size());
        if (session.path("frame_count").asInt() < s.frames.size()) {
            problems.add(s.id + " frame_count " + session.path("frame_count").asInt() + " < " + s.frames.size() + " acknowledged");
        }
        if (session.path("event_count").asInt() < s.events.size()) {
            problems.add(s.id + " event_count " + session.path("event_count").asInt() + " < " + s.events.size() + " acknowledged");
        }
        if (!"success".equals(session.path("outcome").asText())) {
            problems.add(s.id + " outcome " + session.path("outcome").asText());
        }
    }

    /** Every row of a completed export against the events of the sessions it should hold (rows: one per event). */
    void export(Export export, Collection<RecordedSession> sessions) {
        Map<String, Set<Long>> expected = new HashMap<>();
        for (RecordedSession s : sessions) {
            expected.put(s.id, s.events);
            rows += s.events.size();
        }
        Map<String, List<Long>> seen = new HashMap<>();
        for (JsonNode row : export.rows()) {
            seen.computeIfAbsent(row.path("session_id").asText(), k -> new ArrayList<>()).add(row.path("t_ms").asLong());
        }
        for (var e : expected.entrySet()) {
            List<Long> got = seen.getOrDefault(e.getKey(), List.of());
            rowsLost += missing(e.getValue(), got);
            rowsDuplicated += repeated(got);
        }
        seen.keySet().stream().filter(id -> !expected.containsKey(id))
                .forEach(id -> problems.add("export " + export.id() + " holds rows of a session it should not: " + id));
    }

    /** Sealed transitions on the lifecycle topic: a session sealed at two different instants was sealed twice. */
    void lifecycle(String bootstrap, String registryUrl, Collection<RecordedSession> sessions) {
        Map<String, List<SessionLifecycle>> sealed = sealedTransitions(bootstrap, registryUrl,
                sessions.stream().map(s -> s.id).collect(java.util.stream.Collectors.toSet()));
        for (RecordedSession s : sessions) {
            List<SessionLifecycle> records = sealed.getOrDefault(s.id, List.of());
            if (records.isEmpty()) {
                problems.add(s.id + " has no sealed transition on " + Topic.SESSION_LIFECYCLE.topicName());
                continue;
            }
            long distinct = records.stream().map(r -> String.valueOf(r.getSession().getSealedAt())
                    + "/" + r.getSession().getFrameCount() + "/" + r.getSession().getEventCount()).distinct().count();
            if (distinct > 1) {
                sealedTwice++;
                problems.add(s.id + " sealed " + distinct + " times differently: " + records);
            }
            sealRepeats += records.size() - 1;
        }
    }

    boolean clean() {
        return framesLost + framesDuplicated + eventsLost + eventsDuplicated + rowsLost + rowsDuplicated + sealedTwice == 0
                && problems.isEmpty();
    }

    /** A completed export read back from the object store: every shard's bytes checked against the manifest. */
    record Export(String id, JsonNode status, List<JsonNode> rows, int shards) {
        static Export read(S3Client s3, String bucket, String prefix, JsonNode status) throws Exception {
            JsonNode manifest = Api.JSON.readTree(s3.getObject(b -> b.bucket(bucket).key(prefix + "manifest.json"),
                    ResponseTransformer.toBytes()).asByteArray());
            List<JsonNode> rows = new ArrayList<>();
            for (JsonNode file : manifest.path("files")) {
                String path = file.path("path").asText();
                String key = path.startsWith(prefix) ? path : prefix + path;
                byte[] shard = s3.getObject(b -> b.bucket(bucket).key(key), ResponseTransformer.toBytes()).asByteArray();
                String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(shard));
                if (!sha.equals(file.path("sha256").asText()) || shard.length != file.path("size_bytes").asLong()) {
                    throw new AssertionError("shard " + key + " does not match the manifest: sha256 " + sha + ", "
                            + shard.length + " bytes; manifest " + file);
                }
                for (String line : new String(shard, StandardCharsets.UTF_8).split("\n")) {
                    if (!line.isBlank()) {
                        rows.add(Api.JSON.readTree(line));
                    }
                }
            }
            if (manifest.path("rows").asInt() != rows.size()) {
                throw new AssertionError("manifest says " + manifest.path("rows") + " rows, the shards hold " + rows.size());
            }
            return new Export(status.path("id").asText(), status, rows, manifest.path("files").size());
        }
    }

    private static List<Long> list(ResilientClient client, String firstPage) {
        List<Long> tMs = new ArrayList<>();
        String path = firstPage;
        while (true) {
            JsonNode page = client.get(path).body();
            page.path("data").forEach(item -> tMs.add(item.path("t_ms").asLong()));
            if (!page.path("has_more").asBoolean()) {
                return tMs;
            }
            path = firstPage + "&cursor=" + page.path("next_cursor").asText();
        }
    }

    private static int missing(Set<Long> expected, List<Long> seen) {
        Set<Long> lost = new HashSet<>(expected);
        seen.forEach(lost::remove);
        return lost.size();
    }

    private static int repeated(List<Long> seen) {
        return seen.size() - new HashSet<>(seen).size();
    }

    /** Every {@code sealed} transition of the given sessions, read from the start of the lifecycle topic. */
    static Map<String, List<SessionLifecycle>> sealedTransitions(String bootstrap, String registryUrl, Set<String> ids) {
        Map<String, List<SessionLifecycle>> sealed = new HashMap<>();
        transitions(bootstrap, registryUrl, ids).forEach((id, records) -> records.stream()
                .filter(r -> r.getToStatus() == SessionStatus.sealed)
                .forEach(r -> sealed.computeIfAbsent(id, k -> new ArrayList<>()).add(r)));
        return sealed;
    }

    /** Every transition of the given sessions, in topic order, read from the start of the lifecycle topic. */
    static Map<String, List<SessionLifecycle>> transitions(String bootstrap, String registryUrl, Set<String> ids) {
        var values = new AvroKafkaDeserializer<SessionLifecycle>();
        values.configure(Map.of("apicurio.registry.url", registryUrl,
                "apicurio.registry.use-specific-avro-reader", "true"), false);
        Map<String, List<SessionLifecycle>> sealed = new HashMap<>();
        try (var reader = new TopicReader<>(bootstrap, Topic.SESSION_LIFECYCLE.topicName(), values, Duration.ofSeconds(60))) {
            // the reader skips the fault matrix's own poison record
            reader.upToNow(r -> r.value() != null && ids.contains(r.value().getSessionId())).forEach(r ->
                    sealed.computeIfAbsent(r.value().getSessionId(), k -> new ArrayList<>()).add(r.value()));
        }
        return sealed;
    }
}
