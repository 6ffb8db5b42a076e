package com.nusomi.apigateway.client;

import com.nusomi.contracts.Topic;
import com.nusomi.contracts.avro.SessionCommandReply;
import com.nusomi.kit.kafka.AvroCodec;
import com.nusomi.kit.kafka.DeadLetterQueue;
import com.nusomi.kit.kafka.KafkaClients;
import com.nusomi.kit.kafka.PoisonRecordException;
import com.nusomi.kit.kafka.TailingConsumer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.jboss.logging.Logger;

/**
 * Reads {@code nusomi.sessions.command-replies} and completes the waiting lifecycle calls by {@code command_id}.
 * A {@link TailingConsumer} (no group): every gateway instance reads every partition from the end as of its start, so
 * whichever instance published a command sees its reply; after a failure it resumes where it stopped. The consumer is
 * positioned (end offsets resolved) before {@link #ready()} completes, and readiness stays DOWN until then, so no reply
 * to a command sent by this instance can be skipped.
 */
@ApplicationScoped
public class CommandReplies {
    private static final Logger LOG = Logger.getLogger(CommandReplies.class);
    private static final String TOPIC = Topic.SESSION_COMMAND_REPLIES.topicName();

    private final AvroCodec codec;
    private final DeadLetterQueue deadLetters;
    private final Map<String, CompletableFuture<SessionCommandReply>> waiting = new ConcurrentHashMap<>();
    private final TailingConsumer tail;

    CommandReplies(KafkaClients clients, AvroCodec codec, DeadLetterQueue deadLetters) {
        this.codec = codec;
        this.deadLetters = deadLetters;
        this.tail = new TailingConsumer("command-replies", TailingConsumer.groupless(clients, "api-gateway-replies",
                Map.of(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50)), List.of(TOPIC), positions -> { }, this::handle);
    }

    void onStart(@Observes StartupEvent event) {
        tail.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        tail.close();
    }

    /** Completes once the consumer is assigned every partition and positioned at their end (a copy: cancelling it is harmless). */
    public CompletableFuture<Void> ready() {
        return tail.ready();
    }

    public boolean isReady() {
        return tail.isReady();
    }

    /** Registers interest in a reply; call before publishing the command. */
    public CompletableFuture<SessionCommandReply> expect(String commandId) {
        return waiting.computeIfAbsent(commandId, id -> new CompletableFuture<>());
    }

    /** Drops interest (timed out, or the command could not be sent). */
    public void forget(String commandId) {
        waiting.remove(commandId);
    }

    private void handle(KafkaConsumer<String, byte[]> consumer, ConsumerRecords<String, byte[]> records) {
        records.forEach(this::dispatch);
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
}
