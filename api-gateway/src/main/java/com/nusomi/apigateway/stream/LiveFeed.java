package com.nusomi.apigateway.stream;

import com.nusomi.apigateway.config.GatewayConfig;
import com.nusomi.apigateway.stream.Live.EventArrived;
import com.nusomi.apigateway.stream.Live.ExportChanged;
import com.nusomi.apigateway.stream.Live.SessionEnded;
import com.nusomi.contracts.Topic;
import com.nusomi.contracts.avro.Event;
import com.nusomi.contracts.avro.ExportStatus;
import com.nusomi.contracts.avro.SessionLifecycle;
import com.nusomi.contracts.avro.SessionStatus;
import com.nusomi.kit.kafka.AvroCodec;
import com.nusomi.kit.kafka.PoisonRecordException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The live side of every stream on this gateway instance: one consumer without a group reads all partitions of
 * {@code nusomi.events}, {@code nusomi.sessions.lifecycle} and {@code nusomi.exports.status} from their end (as of the
 * start), read-committed, and hands each record to the streams open on its session, workflow or export. Every instance
 * reads the whole topics, so a stream works on whichever instance the client reached.
 *
 * <p>A subscription is registered under the same lock as a batch is dispatched, and answers the consumer positions at
 * that instant: every event at or above them reaches the listener, everything below was dispatched before. The last
 * {@code recentPerPartition} events of each partition are kept so a stream can be handed over from the catalog
 * without reading Kafka again.
 */
@ApplicationScoped
public class LiveFeed {
    private static final Logger LOG = Logger.getLogger(LiveFeed.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final String EVENTS = Topic.EVENTS.topicName();
    private static final String LIFECYCLE = Topic.SESSION_LIFECYCLE.topicName();
    private static final String EXPORTS = Topic.EXPORT_STATUS.topicName();

    /** Receives what concerns it; called on the feed's thread, so it must only hand over (never block). */
    public interface Listener {
        void accept(Live item);
    }

    /**
     * A registered subscription. {@code positions}: per events partition, the first offset the listener receives.
     * {@code recent}: the kept events of the partitions it covers, and {@code recentFrom}: from which offset on that
     * copy is complete.
     */
    public record Registration(Map<Integer, Long> positions, Map<Integer, List<EventArrived>> recent,
                               Map<Integer, Long> recentFrom, Runnable cancel) {}

    private record PendingEnd(int partition, long offset, SessionEnded ended) {}

    private final String bootstrap;
    private final AvroCodec codec;
    private final EventDecoder decoder;
    private final StreamCatalog catalog;
    private final int recentPerPartition;
    private final GatewayConfig.Stream streamConfig;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final Object lock = new Object();
    private final Map<String, Set<Listener>> bySession = new HashMap<>();
    private final Map<String, Set<Listener>> byWorkflow = new HashMap<>();
    private final Map<String, Integer> workflowListenersPerWorkspace = new HashMap<>();
    private final Map<String, Set<Listener>> byExport = new HashMap<>();
    private final Map<Integer, Long> positions = new HashMap<>();
    private final Map<Integer, ArrayDeque<EventArrived>> recent = new HashMap<>();
    private final Map<Integer, Long> recentFrom = new HashMap<>();
    private final List<PendingEnd> pendingEnds = new ArrayList<>();
    /** session id → workflow, for workflow streams (a session's workflow never changes). */
    private final Map<String, String> workflows = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > 50_000;
        }
    };
    private volatile int eventPartitions = Topic.EVENTS.partitions();
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean running = true;
    private Thread thread;

    LiveFeed(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap, AvroCodec codec, EventDecoder decoder,
             StreamCatalog catalog, GatewayConfig config) {
        this.bootstrap = bootstrap;
        this.codec = codec;
        this.decoder = decoder;
        this.catalog = catalog;
        this.recentPerPartition = config.stream().recentPerPartition();
        this.streamConfig = config.stream();
    }

    void onStart(@Observes StartupEvent event) {
        thread = Thread.ofPlatform().name("live-feed").daemon().start(this::run);
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
        var c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public boolean isReady() {
        return ready.isDone() && !ready.isCompletedExceptionally();
    }

    /** The events partition of a session (the default partitioner on its key; the session topics are co-partitioned). */
    public int partitionOf(String sessionId) {
        return Utils.toPositive(Utils.murmur2(sessionId.getBytes(StandardCharsets.UTF_8))) % eventPartitions;
    }

    public Registration subscribeSession(String sessionId, Listener listener) {
        synchronized (lock) {
            bySession.computeIfAbsent(sessionId, k -> new LinkedHashSet<>()).add(listener);
            return registration(List.of(partitionOf(sessionId)), () -> {
                synchronized (lock) {
                    remove(bySession, sessionId, listener);
                }
            });
        }
    }

    public Registration subscribeWorkflow(String workspaceId, String workflow, Listener listener) {
        String key = workspaceId + "/" + workflow;
        synchronized (lock) {
            byWorkflow.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(listener);
            workflowListenersPerWorkspace.merge(workspaceId, 1, Integer::sum);
            List<Integer> all = new ArrayList<>(positions.keySet());
            return registration(all, () -> {
                synchronized (lock) {
                    if (remove(byWorkflow, key, listener)) {
                        workflowListenersPerWorkspace.computeIfPresent(workspaceId, (k, n) -> n <= 1 ? null : n - 1);
                    }
                }
            });
        }
    }

    /** Export statuses from now on; returns how to cancel. */
    public Runnable subscribeExport(String exportId, Listener listener) {
        synchronized (lock) {
            byExport.computeIfAbsent(exportId, k -> new LinkedHashSet<>()).add(listener);
        }
        return () -> {
            synchronized (lock) {
                remove(byExport, exportId, listener);
            }
        };
    }

    private Registration registration(List<Integer> partitions, Runnable cancel) {
        Map<Integer, List<EventArrived>> kept = new HashMap<>();
        Map<Integer, Long> from = new HashMap<>();
        for (int p : partitions) {
            kept.put(p, List.copyOf(recent.getOrDefault(p, new ArrayDeque<>())));
            from.put(p, recentFrom.getOrDefault(p, Long.MAX_VALUE));
        }
        return new Registration(Map.copyOf(positions), kept, from, cancel);
    }

    private static boolean remove(Map<String, Set<Listener>> map, String key, Listener listener) {
        Set<Listener> set = map.get(key);
        if (set == null || !set.remove(listener)) {
            return false;
        }
        if (set.isEmpty()) {
            map.remove(key);
        }
        return true;
    }

    private void run() {
        while (running) {
            try (var c = new KafkaConsumer<String, byte[]>(properties(), new StringDeserializer(), new ByteArrayDeserializer())) {
                consumer = c;
                position(c);
                while (running) {
                    var records = c.poll(POLL);
                    handle(c, records);
                }
            } catch (WakeupException e) {
                // shutting down
            } catch (RuntimeException e) {
                if (running) {
                    LOG.errorf(e, "live feed consumer failed; starting it again in 1 s");
                    sleep();
                }
            } finally {
                consumer = null;
            }
        }
    }

    /** All partitions, from the end at the first start, from where it stopped after a restart of the consumer. */
    private void position(KafkaConsumer<String, byte[]> c) {
        List<TopicPartition> assigned = new ArrayList<>();
        for (String topic : List.of(EVENTS, LIFECYCLE, EXPORTS)) {
            var partitions = c.partitionsFor(topic, Duration.ofSeconds(30));
            if (partitions == null || partitions.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " has no partitions (does it exist?)");
            }
            if (topic.equals(EVENTS)) {
                eventPartitions = partitions.size();
            }
            partitions.forEach(p -> assigned.add(new TopicPartition(topic, p.partition())));
        }
        c.assign(assigned);
        synchronized (lock) {
            for (TopicPartition tp : assigned) {
                Long resume = tp.topic().equals(EVENTS) ? positions.get(tp.partition()) : null;
                if (resume != null) {
                    c.seek(tp, resume);
                } else {
                    c.seekToEnd(List.of(tp));
                }
            }
            for (TopicPartition tp : assigned) {
                long position = c.position(tp, Duration.ofSeconds(30));
                if (tp.topic().equals(EVENTS)) {
                    positions.put(tp.partition(), position);
                    recentFrom.putIfAbsent(tp.partition(), position);
                }
            }
        }
        if (!ready.isDone()) {
            LOG.infof("live feed reading %d partitions of %s, %s and %s from their end", assigned.size(), EVENTS, LIFECYCLE, EXPORTS);
        }
        ready.complete(null);
    }

    private void handle(KafkaConsumer<String, byte[]> c, Iterable<ConsumerRecord<String, byte[]>> records) {
        List<EventArrived> events = new ArrayList<>();
        List<PendingEnd> ends = new ArrayList<>();
        List<ExportStatus> exports = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                String topic = record.topic();
                if (topic.equals(EVENTS)) {
                    Event e = decoder.decode(topic, record.headers(), record.value());
                    events.add(new EventArrived(StreamEvent.of(e), null, record.partition(), record.offset()));
                } else if (topic.equals(LIFECYCLE)) {
                    ended(c, codec.decode(topic, record.headers(), record.value(), SessionLifecycle.class)).ifPresent(ends::add);
                } else if (topic.equals(EXPORTS)) {
                    exports.add(codec.decode(topic, record.headers(), record.value(), ExportStatus.class));
                }
            } catch (PoisonRecordException e) {
                // the owning consumers dead-letter what they cannot read; a stream just never shows it
                LOG.warnf("ignoring unreadable record %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), e.getMessage());
            }
        }
        List<EventArrived> resolved = withWorkflows(events);
        Map<Integer, Long> newPositions = new HashMap<>();
        for (int p = 0; p < eventPartitions; p++) {
            newPositions.put(p, c.position(new TopicPartition(EVENTS, p)));
        }
        // the streams' writes of the whole batch go to their event loops in one hop per loop, after the lock
        LoopHops.batched(() -> dispatchBatch(resolved, newPositions, ends, exports));
    }

    private void dispatchBatch(List<EventArrived> resolved, Map<Integer, Long> newPositions, List<PendingEnd> ends,
                               List<ExportStatus> exports) {
        synchronized (lock) {
            for (EventArrived arrived : resolved) {
                dispatch(arrived);
                keep(arrived);
            }
            positions.putAll(newPositions);
            pendingEnds.addAll(ends);
            for (var it = pendingEnds.iterator(); it.hasNext(); ) {
                PendingEnd end = it.next();
                if (positions.getOrDefault(end.partition(), 0L) >= end.offset()) {
                    it.remove();
                    deliver(bySession.get(end.ended().sessionId()), end.ended());
                }
            }
            for (ExportStatus status : exports) {
                deliver(byExport.get(status.getExportId()), new ExportChanged(status));
            }
        }
    }

    /**
     * A sealed (or deleted) session ends its streams once this feed has read {@code nusomi.events} up to the end it had
     * when the transition was read: the sealer publishes {@code sealed} only after its projection passed every event of
     * the session, so they are all below that end.
     */
    private Optional<PendingEnd> ended(KafkaConsumer<String, byte[]> c, SessionLifecycle transition) {
        SessionStatus to = transition.getToStatus();
        if (to != SessionStatus.sealed && to != SessionStatus.deleted) {
            return Optional.empty();
        }
        synchronized (lock) {
            if (!bySession.containsKey(transition.getSessionId())) {
                return Optional.empty();
            }
        }
        TopicPartition tp = new TopicPartition(EVENTS, partitionOf(transition.getSessionId()));
        long end = c.endOffsets(List.of(tp), Duration.ofSeconds(30)).get(tp);
        return Optional.of(new PendingEnd(tp.partition(), end, new SessionEnded(transition.getSessionId(), to.name())));
    }

    /** Names the workflow of events whose workspace has workflow streams open (catalog lookups happen outside the lock). */
    private List<EventArrived> withWorkflows(List<EventArrived> events) {
        List<EventArrived> out = new ArrayList<>(events.size());
        for (EventArrived arrived : events) {
            boolean wanted;
            synchronized (lock) {
                wanted = workflowListenersPerWorkspace.containsKey(arrived.event().workspaceId());
            }
            String workflow = wanted ? workflowOf(arrived.event().sessionId()) : null;
            out.add(workflow == null ? arrived
                    : new EventArrived(arrived.event(), workflow, arrived.partition(), arrived.offset()));
        }
        return out;
    }

    private String workflowOf(String sessionId) {
        synchronized (workflows) {
            String known = workflows.get(sessionId);
            if (known != null) {
                return known;
            }
        }
        String workflow = catalog.workflowOf(sessionId).orElse(null);
        if (workflow != null) {
            synchronized (workflows) {
                workflows.put(sessionId, workflow);
            }
        }
        return workflow;
    }

    private void dispatch(EventArrived arrived) {
        deliver(bySession.get(arrived.event().sessionId()), arrived);
        if (arrived.workflow() != null) {
            deliver(byWorkflow.get(arrived.event().workspaceId() + "/" + arrived.workflow()), arrived);
        }
    }

    private void keep(EventArrived arrived) {
        var kept = recent.computeIfAbsent(arrived.partition(), p -> new ArrayDeque<>());
        kept.addLast(arrived);
        while (kept.size() > recentPerPartition) {
            recentFrom.put(arrived.partition(), kept.removeFirst().offset() + 1);
        }
    }

    private static void deliver(Set<Listener> listeners, Live item) {
        if (listeners == null) {
            return;
        }
        for (Listener listener : List.copyOf(listeners)) {
            try {
                listener.accept(item);
            } catch (RuntimeException e) {
                LOG.warnf(e, "a stream failed to take %s", item.getClass().getSimpleName());
            }
        }
    }

    private Map<String, Object> properties() {
        return Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.CLIENT_ID_CONFIG, "api-gateway-live-" + ProcessHandle.current().pid(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                // a short wait and small batches: the first record of a batch is dispatched only after the whole batch
                // is decoded, so a large batch (default 500) adds its decode time to the tail latency
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) streamConfig.liveFetchMaxWait().toMillis(),
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, streamConfig.livePollRecords());
    }

    private static void sleep() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
