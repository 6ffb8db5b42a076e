package com.nusomi.kit.kafka;

import com.nusomi.kit.retry.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * A Kafka consumer without a group on a thread of its own: assigned every partition of its topics, positioned at their
 * end (or beginning, {@link Start}) at the first start (ready once the positions are resolved), each poll batch handed to one handler. When the
 * consumer fails it is built again after a backoff ({@link #RESTART}: 1 s doubling to 30 s, from 1 s again once a
 * batch went through) and resumes where the last batch ended, so nothing published meanwhile is skipped. For in-memory fan-outs that must see every record from now on in every instance (live
 * streams, command replies, tables of compacted topics), where a consumer group would split the partitions between
 * instances.
 */
public final class TailingConsumer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TailingConsumer.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);
    /** Rebuilds the consumer until it works: an in-memory fan-out has nothing to skip to. */
    static final RetryPolicy RESTART = RetryPolicy.forever(Duration.ofSeconds(1), Duration.ofSeconds(30));

    /** Takes one poll batch, on the consumer's thread; {@code consumer} may be asked for positions and end offsets. */
    public interface Handler {
        void accept(KafkaConsumer<String, byte[]> consumer, ConsumerRecords<String, byte[]> records);
    }

    /** Where the first consumer starts reading; a rebuilt one always resumes where the last batch ended. */
    public enum Start {
        /** From now on: live fan-outs. */
        END,
        /** Every record still in the log, then live: in-memory tables of compacted topics. */
        BEGINNING
    }

    /** Told, on the consumer's thread and before any batch, where reading starts (at the first start and after each restart). */
    public interface Positioned {
        void accept(Map<TopicPartition, Long> positions);
    }

    private final String name;
    private final Map<String, Object> properties;
    private final List<String> topics;
    private final Start start;
    private final Positioned positioned;
    private final Handler handler;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final Map<TopicPartition, Long> resume = new ConcurrentHashMap<>();
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean running;
    private Thread thread;

    /**
     * @param name       the thread's name and the log's
     * @param properties consumer settings ({@link #groupless} builds the common ones)
     */
    public TailingConsumer(String name, Map<String, Object> properties, List<String> topics, Positioned positioned,
                           Handler handler) {
        this(name, properties, topics, Start.END, positioned, handler);
    }

    public TailingConsumer(String name, Map<String, Object> properties, List<String> topics, Start start,
                           Positioned positioned, Handler handler) {
        this.name = name;
        this.properties = Map.copyOf(properties);
        this.topics = List.copyOf(topics);
        this.start = start;
        this.positioned = positioned;
        this.handler = handler;
    }

    /**
     * Settings of a consumer without a group: no commits, read-committed (transactional producers write these topics),
     * client id {@code <clientPrefix>-<pid>}, plus {@code overrides}.
     */
    public static Map<String, Object> groupless(KafkaClients clients, String clientPrefix, Map<String, Object> overrides) {
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientPrefix + "-" + ProcessHandle.current().pid());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.putAll(overrides);
        return clients.consumer(p);
    }

    /** A consumer with these settings and plain key/byte-array deserializers (also for short reads of a range). */
    public static KafkaConsumer<String, byte[]> open(Map<String, Object> properties) {
        return new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
    }

    public synchronized void start() {
        if (thread == null) {
            running = true;
            thread = Thread.ofPlatform().name(name).daemon().start(this::run);
        }
    }

    /** Completes once every partition is assigned and positioned (a copy: cancelling it is harmless). */
    public CompletableFuture<Void> ready() {
        return ready.copy();
    }

    public boolean isReady() {
        return ready.isDone() && !ready.isCompletedExceptionally();
    }

    /** Stops after the batch in hand (waits up to 5 s). */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
        }
        var c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (t != null) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        int restarts = 0;
        while (running) {
            try (var c = open(properties)) {
                consumer = c;
                position(c);
                while (running) {
                    var records = c.poll(POLL);
                    handler.accept(c, records);
                    c.assignment().forEach(tp -> resume.put(tp, c.position(tp)));
                    restarts = 0;
                }
            } catch (WakeupException e) {
                // closing
            } catch (RuntimeException e) {
                if (running) {
                    Duration backoff = RESTART.backoff(++restarts);
                    LOG.errorf(e, "%s: consumer failed; starting it again in %d ms", name, backoff.toMillis());
                    pause(backoff);
                }
            } finally {
                consumer = null;
            }
        }
    }

    /** Assign all partitions, seek to their start or end or to where the last consumer stopped, and resolve the positions now. */
    private void position(KafkaConsumer<String, byte[]> c) {
        List<TopicPartition> assigned = new ArrayList<>();
        for (String topic : topics) {
            var partitions = c.partitionsFor(topic, METADATA_TIMEOUT);
            if (partitions == null || partitions.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " has no partitions (does it exist?)");
            }
            partitions.forEach(p -> assigned.add(new TopicPartition(topic, p.partition())));
        }
        c.assign(assigned);
        List<TopicPartition> fresh = assigned.stream().filter(tp -> !resume.containsKey(tp)).toList();
        if (start == Start.BEGINNING) {
            c.seekToBeginning(fresh);
        } else {
            c.seekToEnd(fresh);
        }
        assigned.stream().filter(resume::containsKey).forEach(tp -> c.seek(tp, resume.get(tp)));
        Map<TopicPartition, Long> positions = new HashMap<>();
        for (TopicPartition tp : assigned) {
            positions.put(tp, c.position(tp, METADATA_TIMEOUT));
        }
        positioned.accept(positions);
        if (!ready.isDone()) {
            LOG.infof("%s: reading %d partitions of %s from their %s", name, assigned.size(), topics,
                    start == Start.BEGINNING ? "beginning" : "end");
        }
        ready.complete(null);
    }

    private static void pause(Duration backoff) {
        try {
            Thread.sleep(backoff);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
