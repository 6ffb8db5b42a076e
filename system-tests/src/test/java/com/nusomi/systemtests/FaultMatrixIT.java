package com.nusomi.systemtests;

import static com.nusomi.systemtests.Api.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nusomi.contracts.Topic;
import com.nusomi.contracts.avro.SessionLifecycle;
import com.nusomi.devstack.DevStack;
import com.nusomi.devstack.launch.Credentials;
import com.nusomi.devstack.launch.NusomiService;
import com.nusomi.devstack.launch.ServiceProcess;
import com.nusomi.devstack.testing.TopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The fault matrix (issue 12 item 5) and scale-out (item 4), on one platform of its own: its own embedded
 * infrastructure (so it can restart the broker, PostgreSQL and the object store) and the seven services as child JVMs
 * (so each can be killed with SIGKILL and started again), then a second instance of every service.
 *
 * <p>Every case drives the same real flow through the public API, with a fault injected at one instant while all
 * three phases are in flight: sessions B are uploading frames and emitting events (mid-ingest), sessions C were just
 * stopped (mid-seal), and an export of sessions A was just requested (mid-export). Clients behave like an SDK
 * (idempotency keys, retries). Afterwards everything is counted from what a user sees — session counts and listings,
 * the exported shards' bytes and rows, sealed transitions on {@code nusomi.sessions.lifecycle} — against what the API
 * acknowledged: lost = 0, duplicated = 0, sealed twice = 0. The measured table goes to
 * {@code system-tests/target/reliability.md} (and to {@code docs/reliability.md} with
 * {@code -Dnusomi.reliability.docs=true}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultMatrixIT {
    /** A crashed gateway's in-flight idempotency claim blocks a retry this long (default 120 s; see report). */
    static final String IN_FLIGHT_TIMEOUT = "10s";
    static final Duration PATIENCE = Duration.ofMinutes(3);
    static final String BUCKET = "fault-matrix";
    static final int PRE_BATCHES = 2;
    static final int MAX_BATCHES = 30;
    static final Duration OBJECT_STORE_OUTAGE = Duration.ofSeconds(30);

    private static DevStack stack;
    private static RunningPlatform.Handle platform;
    private static RunningPlatform.Handle second;
    private static Api operator;
    private static final List<CaseResult> results = Collections.synchronizedList(new ArrayList<>());
    private static final Instant started = Instant.now();

    /** One row of the table. */
    record CaseResult(String name, String inFlight, Audit audit, double faultSeconds, double recoverySeconds,
                      String outcome) {}

    /** Injects the fault and returns once it is over (the service runs again, the component is back). */
    interface Fault {
        void inject() throws Exception;
    }

    @BeforeAll
    static void startPlatform() throws Exception {
        stack = DevStack.startForTests();
        platform = RunningPlatform.startOwn(stack.settings(), config(), Credentials.newOperatorKey(), "faults");
        operator = new Api(platform.gatewayUrl(), platform.operatorKey());
        platform.s3().createBucket(b -> b.bucket(BUCKET));
    }

    static Map<String, String> config() {
        // a JDBC connection may take long on a loaded CI machine; Flyway at start must not give up after 5 s
        return Map.of("nusomi.gateway.idempotency.in-flight-timeout", IN_FLIGHT_TIMEOUT,
                "quarkus.datasource.jdbc.acquisition-timeout", "60S");
    }

    @AfterAll
    static void report() throws Exception {
        try {
            System.out.println(ReliabilityReport.write(results, started, IN_FLIGHT_TIMEOUT, OBJECT_STORE_OUTAGE));
        } finally {
            if (second != null) {
                second.platform().close();
            }
            if (platform != null) {
                platform.platform().close();
            }
            if (stack != null) {
                stack.close();
            }
        }
    }

    @Test
    @Order(0)
    void baselineWithoutAFault() throws Exception {
        runCase("none (baseline)", () -> {}, null);
    }

    @Test
    @Order(1)
    void aPoisonRecordOnEveryConsumedTopicIsDeadLetteredAndTheFlowGoesOn() throws Exception {
        Map<String, String> keys = new TreeMap<>();
        runCase("poison record on each of the " + Topic.values().length + " consumed topics", () -> {
            try (var producer = new KafkaProducer<String, byte[]>(Map.of("bootstrap.servers", stack.settings().kafkaBootstrap()),
                    new StringSerializer(), new ByteArraySerializer())) {
                for (Topic topic : Topic.values()) {
                    String key = "poison-" + topic.name().toLowerCase() + "-" + UUID.randomUUID();
                    keys.put(topic.topicName(), key);
                    producer.send(new ProducerRecord<>(topic.topicName(), key,
                            "definitely not avro".getBytes(StandardCharsets.UTF_8))).get();
                }
            }
        }, audit -> {
            Map<String, Boolean> deadLettered = deadLettered(keys);
            deadLettered.forEach((topic, found) -> {
                if (!found) {
                    audit.problems.add("the poison record on " + topic + " never reached " + topic + Topic.DLQ_SUFFIX);
                }
            });
        });
    }

    @ParameterizedTest(name = "kill -9 {0}")
    @EnumSource(NusomiService.class)
    @Order(2)
    void killNineOfAServiceMidIngestSealAndExport(NusomiService service) throws Exception {
        runCase("kill -9 " + service.module() + ", restarted", () -> kill(platform, service), null);
    }

    @Test
    @Order(3)
    void brokerRestart() throws Exception {
        runCase("Kafka broker restart", () -> {
            stack.kafka().stopServer();
            stack.kafka().startServer();
        }, null);
    }

    @Test
    @Order(4)
    void postgresRestart() throws Exception {
        runCase("PostgreSQL restart (fast shutdown)", () -> {
            stack.postgres().stopServer();
            stack.postgres().startServer();
        }, null);
    }

    @Test
    @Order(5)
    void objectStoreDownThirtySecondsDuringIngestAndExport() throws Exception {
        runCase("object store down " + OBJECT_STORE_OUTAGE.toSeconds() + " s", () -> {
            stack.objectStore().stopServer();
            Thread.sleep(OBJECT_STORE_OUTAGE.toMillis());
            stack.objectStore().startServer();
        }, null);
    }

    @Test
    @Order(6)
    void twoInstancesOfEveryServiceAndTheWalkStillHolds() throws Exception {
        second = RunningPlatform.startOwn(stack.settings(), config(), platform.operatorKey(), "second");
        Map<String, Integer> members = new TreeMap<>();
        runCase("two instances of every service (B through the 2nd gateway), no fault", () -> {}, audit -> {
            try {
                members.putAll(groupMembers());
            } catch (Exception e) {
                audit.problems.add("could not describe the consumer groups: " + e);
            }
            members.forEach((group, n) -> {
                if (n < 2) {
                    audit.problems.add("consumer group " + group + " has " + n + " member(s), not 2");
                }
            });
        }, true);
        ReliabilityReport.groups = members;
        // and one instance of each pair dies: the other carries on, the killed one is restarted
        runCase("two instances; kill -9 of the 1st session-sealer and shard-writer", () -> {
            kill(platform, NusomiService.SESSION_SEALER);
            kill(platform, NusomiService.SHARD_WRITER);
        }, null, true);
    }

    // ------------------------------------------------------------------------------------------------------------

    private static void kill(RunningPlatform.Handle on, NusomiService service) throws Exception {
        ServiceProcess process = on.platform().service(service);
        Process kill = new ProcessBuilder("kill", "-9", Long.toString(process.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -9 " + process.pid());
        process.onExit().get(30, TimeUnit.SECONDS);
        on.platform().restart(service).awaitReady(Duration.ofMinutes(3));
    }

    private void runCase(String name, Fault fault, java.util.function.Consumer<Audit> extraChecks) throws Exception {
        runCase(name, fault, extraChecks, false);
    }

    /**
     * The flow of every case. A: 2 sessions sealed before the fault, exported just before it. C: 2 sessions recorded
     * before the fault, stopped just before it. B: 2 sessions uploading and emitting in the background through the
     * fault, stopped after it. Then an export of B and C, and the audit.
     */
    private void runCase(String name, Fault fault, java.util.function.Consumer<Audit> extraChecks, boolean viaSecondGateway)
            throws Exception {
        String slug = "fm" + (results.size() + 1);
        var workspace = operator.post("/v1/workspaces", map("name", slug));
        assertEquals(201, workspace.status(), workspace.toString());
        String adminKey = workspace.body().path("admin_key").asText();
        var client = new ResilientClient(operator.as(adminKey), PATIENCE);
        var clientB = viaSecondGateway ? new ResilientClient(new Api(second.gatewayUrl(), adminKey), PATIENCE) : client;
        Audit audit = new Audit();
        String inFlight = "";
        double faultSeconds = 0;
        double recovery = Double.NaN;
        String outcome;
        try {
            List<RecordedSession> a = new ArrayList<>();
            List<RecordedSession> c = new ArrayList<>();
            List<RecordedSession> b = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                a.add(record(client, slug + "_a", PRE_BATCHES));
            }
            a.forEach(s -> s.finish(client));
            for (RecordedSession s : a) {
                awaitSealed(client, s);
            }
            for (int i = 0; i < 2; i++) {
                c.add(record(client, slug + "_b", PRE_BATCHES));
                b.add(RecordedSession.start(clientB, slug + "_b"));
            }

            // B records in the background until told to finish (at least two batches after the fault)
            AtomicBoolean finish = new AtomicBoolean();
            AtomicInteger requestsInFlight = new AtomicInteger();
            var acks = new ConcurrentLinkedQueue<Instant>();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> recorders = new ArrayList<>();
            for (RecordedSession s : b) {
                recorders.add(Thread.ofPlatform().name("recorder-" + s.id).start(() -> {
                    int afterFinish = 0;
                    try {
                        while (s.batches() < MAX_BATCHES && afterFinish < 2) {
                            boolean counting = finish.get();
                            requestsInFlight.incrementAndGet();
                            try {
                                s.recordBatch(clientB);
                            } finally {
                                requestsInFlight.decrementAndGet();
                            }
                            acks.add(Instant.now());
                            afterFinish += counting ? 1 : 0;
                            Thread.sleep(100);
                        }
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    }
                }));
            }
            Instant until = Instant.now().plusSeconds(60);
            while (b.stream().anyMatch(s -> s.batches() < 1) && Instant.now().isBefore(until) && failure.get() == null) {
                Thread.sleep(50);
            }

            // the instant: C stopped (sealing), export A requested (exporting), B uploading (ingesting)
            for (RecordedSession s : c) {
                s.finish(client);
            }
            String exportA = requestExport(client, slug + "_a", slug + "/a/");
            int uploading = requestsInFlight.get();
            Instant faultAt = Instant.now();
            var monitor = new Monitor(operator.as(adminKey), c, exportA, faultAt);
            monitor.start();
            fault.inject();
            Instant faultOver = Instant.now();
            faultSeconds = seconds(faultAt, faultOver);

            finish.set(true);
            for (Thread t : recorders) {
                t.join(PATIENCE.toMillis());
            }
            if (failure.get() != null) {
                throw new AssertionError("recording B through the fault failed: " + failure.get(), failure.get());
            }
            for (RecordedSession s : b) {
                s.finish(clientB);
            }
            for (RecordedSession s : Stream.of(a, b, c).flatMap(List::stream).toList()) {
                awaitSealed(client, s);
            }
            JsonNode exportAStatus = awaitExport(client, exportA);
            monitor.join(PATIENCE.toMillis());
            Instant firstAckAfter = acks.stream().filter(t -> t.isAfter(faultAt)).min(Instant::compareTo).orElse(null);
            Instant recovered = Stream.of(monitor.sealedAt.get(), monitor.exportedAt.get(), firstAckAfter)
                    .map(t -> t == null ? Instant.now() : t).max(Instant::compareTo).orElseThrow();
            recovery = seconds(faultAt, recovered);

            String exportAll = requestExport(client, slug + "_b", slug + "/bc/");
            JsonNode exportAllStatus = awaitExport(client, exportAll);

            for (RecordedSession s : Stream.of(a, b, c).flatMap(List::stream).toList()) {
                audit.session(client, s);
            }
            exported(audit, exportAStatus, slug + "/a/", a);
            exported(audit, exportAllStatus, slug + "/bc/", Stream.concat(b.stream(), c.stream()).toList());
            List<RecordedSession> all = Stream.of(a, b, c).flatMap(List::stream).toList();
            audit.lifecycle(stack.settings().kafkaBootstrap(), stack.settings().registryUrl(), all);
            Map<String, List<SessionLifecycle>> sealed = Audit.sealedTransitions(stack.settings().kafkaBootstrap(),
                    stack.settings().registryUrl(), c.stream().map(s -> s.id).collect(Collectors.toSet()));
            long sealedAfter = c.stream().filter(s -> sealed.getOrDefault(s.id, List.of()).stream()
                    .allMatch(r -> r.getAt().isAfter(faultAt))).count();
            inFlight = "ingest: " + uploading + " of 2 uploads; seal: " + sealedAfter + " of 2 sealed after the fault; "
                    + "export: " + monitor.firstExportStatus.get();
            if (extraChecks != null) {
                extraChecks.accept(audit);
            }
            outcome = audit.clean() ? "ok" : "FOUND: " + String.join("; ", audit.problems);
        } catch (Throwable t) {
            outcome = "ERROR: " + t;
            results.add(new CaseResult(name, inFlight, audit, faultSeconds, recovery, outcome));
            ReliabilityReport.write(results, started, IN_FLIGHT_TIMEOUT, OBJECT_STORE_OUTAGE);
            throw t;
        }
        results.add(new CaseResult(name, inFlight, audit, faultSeconds, recovery, outcome));
        // after every case, so that a run cut short still leaves its table
        ReliabilityReport.write(results, started, IN_FLIGHT_TIMEOUT, OBJECT_STORE_OUTAGE);
        assertTrue(audit.clean(), name + ": " + outcome);
        assertEquals(0, audit.framesLost + audit.framesDuplicated + audit.eventsLost + audit.eventsDuplicated
                + audit.rowsLost + audit.rowsDuplicated + audit.sealedTwice, name);
    }

    private static RecordedSession record(ResilientClient client, String workflow, int batches) {
        RecordedSession s = RecordedSession.start(client, workflow);
        for (int i = 0; i < batches; i++) {
            s.recordBatch(client);
        }
        return s;
    }

    private static String requestExport(ResilientClient client, String workflow, String prefix) {
        var created = client.post("/v1/exports", map("workflow", List.of(workflow), "format", "jsonl",
                "destination", map("kind", "s3", "bucket", BUCKET, "prefix", prefix, "region", "us-east-1",
                        "endpoint", stack.settings().s3Endpoint()),
                "shard_size_bytes", 4_096));
        assertEquals(202, created.status(), created.toString());
        return created.body().path("id").asText();
    }

    private static void exported(Audit audit, JsonNode status, String prefix, List<RecordedSession> sessions) throws Exception {
        if (!"completed".equals(status.path("status").asText())) {
            audit.problems.add("export " + status.path("id").asText() + " ended " + status);
            sessions.forEach(s -> audit.rows += s.events.size());
            audit.rowsLost += sessions.stream().mapToInt(s -> s.events.size()).sum();
            return;
        }
        audit.export(Audit.Export.read(platform.s3(), BUCKET, prefix, status), sessions);
    }

    static JsonNode awaitSealed(ResilientClient client, RecordedSession s) {
        return await(() -> client.get("/v1/sessions/" + s.id).body(), n -> "sealed".equals(n.path("status").asText()),
                "session " + s.id + " sealed");
    }

    static JsonNode awaitExport(ResilientClient client, String id) {
        return await(() -> client.get("/v1/exports/" + id).body(),
                n -> List.of("completed", "failed").contains(n.path("status").asText()), "export " + id + " finished");
    }

    private static JsonNode await(java.util.function.Supplier<JsonNode> read, java.util.function.Predicate<JsonNode> done,
                                  String what) {
        return await(read, done, what, PATIENCE);
    }

    static JsonNode await(java.util.function.Supplier<JsonNode> read, java.util.function.Predicate<JsonNode> done,
                          String what, Duration patience) {
        Instant deadline = Instant.now().plus(patience);
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            last = read.get();
            if (done.test(last)) {
                return last;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError(what + ": not within " + patience.toSeconds() + " s; last seen " + last);
    }

    static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }

    /** Watches, as a user polling the API would, when the sessions stopped at the fault are sealed and the export is done. */
    private static final class Monitor extends Thread {
        private final Api api;
        private final List<RecordedSession> sessions;
        private final String exportId;
        private final Instant until;
        final AtomicReference<Instant> sealedAt = new AtomicReference<>();
        final AtomicReference<Instant> exportedAt = new AtomicReference<>();
        final AtomicReference<String> firstExportStatus = new AtomicReference<>("not seen");

        Monitor(Api api, List<RecordedSession> sessions, String exportId, Instant from) {
            super("fault-matrix-monitor");
            setDaemon(true);
            this.api = api;
            this.sessions = sessions;
            this.exportId = exportId;
            this.until = from.plus(PATIENCE);
        }

        @Override
        public void run() {
            while ((sealedAt.get() == null || exportedAt.get() == null) && Instant.now().isBefore(until)) {
                try {
                    if (sealedAt.get() == null && sessions.stream().allMatch(
                            s -> "sealed".equals(api.get("/v1/sessions/" + s.id).body().path("status").asText()))) {
                        sealedAt.set(Instant.now());
                    }
                    if (exportedAt.get() == null) {
                        String status = api.get("/v1/exports/" + exportId).body().path("status").asText();
                        if (!status.isEmpty()) { // an error answer has no status: not seen yet
                            firstExportStatus.compareAndSet("not seen", status);
                        }
                        if (status.equals("completed") || status.equals("failed")) {
                            exportedAt.set(Instant.now());
                        }
                    }
                } catch (RuntimeException unavailable) {
                    // the gateway (or what it asks) is down: a user sees no answer yet
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** For each topic, whether the record with its key reached {@code <topic>.dlq} with a reason header. */
    private static Map<String, Boolean> deadLettered(Map<String, String> keys) {
        Map<String, Boolean> found = new TreeMap<>();
        keys.keySet().forEach(t -> found.put(t, false));
        for (String topic : keys.keySet()) {
            try (var reader = new TopicReader<>(stack.settings().kafkaBootstrap(), topic + Topic.DLQ_SUFFIX,
                    new ByteArrayDeserializer(), Duration.ofSeconds(60))) {
                reader.awaitRecord(r -> keys.get(topic).equals(r.key()) && r.headers().lastHeader(Topic.DLQ_REASON_HEADER) != null);
                found.put(topic, true);
            } catch (AssertionError notThere) {
                // stays false: the table shows which topic's poison record was not dead-lettered
            }
        }
        return found;
    }

    /** Members of each consumer group of the platform, as the broker reports them. */
    private static Map<String, Integer> groupMembers() throws Exception {
        Map<String, Integer> members = new LinkedHashMap<>();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.settings().kafkaBootstrap()))) {
            Set<String> groups = admin.listConsumerGroups().all().get().stream()
                    .map(g -> g.groupId()).filter(g -> !g.startsWith("fault-matrix-")).collect(Collectors.toSet());
            var described = admin.describeConsumerGroups(groups).all().get();
            Map<String, Integer> counts = new HashMap<>();
            described.forEach((id, d) -> counts.put(id, (int) d.members().stream()
                    .filter(m -> !m.assignment().topicPartitions().isEmpty()).count()));
            new TreeMap<>(counts).forEach(members::put);
        }
        return members;
    }
}
