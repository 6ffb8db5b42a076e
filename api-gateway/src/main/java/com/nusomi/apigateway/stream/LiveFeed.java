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
import com.nusomi.kit.kafka.KafkaClients;
import com.nusomi.kit.kafka.PoisonRecordException;
import com.nusomi.kit.kafka.TailingConsumer;
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
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.jboss.logging.Logger;

/**
 * The live side of every stream on this gateway instance: one consumer without a group (service-kit
 * {@code TailingConsumer}) reads all partitions of
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

    private final TailingConsumer tail;
    private final AvroCodec codec;
    private final EventDecoder decoder;
    private final StreamCatalog catalog;
    private final int recentPerPartition;
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

    LiveFeed(KafkaClients clients, AvroCodec codec, EventDecoder decoder,
             StreamCatalog catalog, GatewayConfig config) {
        this.codec = codec;
        this.decoder = decoder;
        this.catalog = catalog;
        this.recentPerPartition = config.stream().recentPerPartition();
        // a short wait and small batches: the first record of a batch is dispatched only after the whole batch is
        // decoded, so a large batch (default 500) adds its decode time to the tail latency
        this.tail = new TailingConsumer("live-feed", TailingConsumer.groupless(clients, "api-gateway-live", Map.of(
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) config.stream().liveFetchMaxWait().toMillis(),
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.stream().livePollRecords())),
                List.of(EVENTS, LIFECYCLE, EXPORTS), this::positioned, this::handle);
    }

    void onStart(@Observes StartupEvent event) {
        tail.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        tail.close();
    }

    public boolean isReady() {
        return tail.isReady();
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

    /** Where the feed reads from, at the start and after a restart of its consumer: the subscriptions' positions. */
    private void positioned(Map<TopicPartition, Long> start) {
        synchronized (lock) {
            int partitions = 0;
            for (var entry : start.entrySet()) {
                if (entry.getKey().topic().equals(EVENTS)) {
                    partitions++;
                    positions.put(entry.getKey().partition(), entry.getValue());
                    recentFrom.putIfAbsent(entry.getKey().partition(), entry.getValue());
                }
            }
            eventPartitions = partitions;
        }
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
}
