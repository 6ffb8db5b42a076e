package com.nusomi.apigateway.client;

import com.nusomi.contracts.Topic;
import com.nusomi.contracts.avro.SessionCommandReply;
import com.nusomi.kit.kafka.AvroCodec;
import com.nusomi.kit.kafka.DeadLetterQueue;
import com.nusomi.kit.kafka.KafkaClients;
import com.nusomi.kit.kafka.PoisonRecordException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Reads {@code nusomi.sessions.command-replies} and completes the waiting lifecycle calls by {@code command_id}.
 * Its own consumer, without a group: every gateway instance reads every partition from the end as of its start, so
 * whichever instance published a command sees its reply. The consumer is positioned (end offsets resolved) before
 * {@link #ready()} completes, and readiness stays DOWN until then, so no reply to a command sent by this instance can
 * be skipped.
 */
@ApplicationScoped
public class CommandReplies {
    private static final Logger LOG = Logger.getLogger(CommandReplies.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaClients clients;
    private final AvroCodec codec;
    private final DeadLetterQueue deadLetters;
    private final Map<String, CompletableFuture<SessionCommandReply>> waiting = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    /** Where to resume after the consumer had to be recreated: replies sent meanwhile are still read. */
    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean running = true;
    private Thread thread;

    CommandReplies(KafkaClients clients, AvroCodec codec, DeadLetterQueue deadLetters) {
        this.clients = clients;
        this.codec = codec;
        this.deadLetters = deadLetters;
    }

    void onStart(@Observes StartupEvent event) {
        thread = Thread.ofPlatform().name("command-replies").daemon().start(this::run);
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

    /** Completes once the consumer is assigned every partition and positioned at their end (a copy: cancelling it is harmless). */
    public CompletableFuture<Void> ready() {
        return ready.copy();
    }

    public boolean isReady() {
        return ready.isDone() && !ready.isCompletedExceptionally();
    }

    /** Registers interest in a reply; call before publishing the command. */
    public CompletableFuture<SessionCommandReply> expect(String commandId) {
        return waiting.computeIfAbsent(commandId, id -> new CompletableFuture<>());
    }

    /** Drops interest (timed out, or the command could not be sent). */
    public void forget(String commandId) {
        waiting.remove(commandId);
    }

    private void run() {
        while (running) {
            try (var c = new KafkaConsumer<String, byte[]>(properties(), new StringDeserializer(), new ByteArrayDeserializer())) {
                consumer = c;
                position(c);
                while (running) {
                    for (ConsumerRecord<String, byte[]> record : c.poll(POLL)) {
                        dispatch(record);
                    }
                    c.assignment().forEach(tp -> positions.put(tp, c.position(tp)));
                }
            } catch (WakeupException e) {
                // shutting down
            } catch (RuntimeException e) {
                if (running) {
                    LOG.errorf(e, "reply consumer failed; starting it again in 1 s");
                    sleep(Duration.ofSeconds(1));
                }
            } finally {
                consumer = null;
            }
        }
    }

    /**
     * Assign all partitions, seek to their end (or, after a restart of the consumer, to where it stopped) and resolve
     * the positions now: seekToEnd alone is lazy.
     */
    private void position(KafkaConsumer<String, byte[]> c) {
        String topic = Topic.SESSION_COMMAND_REPLIES.topicName();
        var partitions = c.partitionsFor(topic, Duration.ofSeconds(30));
        if (partitions == null || partitions.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " has no partitions (does it exist?)");
        }
        List<TopicPartition> assigned = partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        c.assign(assigned);
        c.seekToEnd(assigned.stream().filter(tp -> !positions.containsKey(tp)).toList());
        assigned.stream().filter(positions::containsKey).forEach(tp -> c.seek(tp, positions.get(tp)));
        assigned.forEach(tp -> c.position(tp, Duration.ofSeconds(30)));
        if (!ready.isDone()) {
            LOG.infof("reading %s from the end of %d partitions", topic, assigned.size());
        }
        ready.complete(null);
    }

    private void dispatch(ConsumerRecord<String, byte[]> record) {
        SessionCommandReply reply;
        try {
            reply = codec.decode(record.topic(), record.headers(), record.value(), SessionCommandReply.class);
        } catch (PoisonRecordException e) {
            // an unreadable reply only means a caller times out; it goes to the dead-letter topic like any poison record
            // (every gateway instance reads every reply, so each sends its copy, with the same origin offset headers)
            LOG.warnf("unreadable reply %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), e.getMessage());
            deadLetters.send(record, "api-gateway-command-replies", e).exceptionally(failure -> {
                LOG.warnf("dead-lettering reply %s-%d@%d failed: %s", record.topic(), record.partition(), record.offset(),
                        failure.getMessage());
                return null;
            });
            return;
        }
        var future = waiting.remove(reply.getCommandId());
        if (future != null) {
            future.complete(reply);
        }
    }

    private Map<String, Object> properties() {
        return clients.consumer(Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, "api-gateway-replies-" + ProcessHandle.current().pid(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50));
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
