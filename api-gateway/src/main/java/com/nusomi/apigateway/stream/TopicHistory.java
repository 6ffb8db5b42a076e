package com.nusomi.apigateway.stream;

import com.nusomi.apigateway.config.GatewayConfig;
import com.nusomi.apigateway.stream.Live.EventArrived;
import com.nusomi.contracts.Topic;
import com.nusomi.contracts.avro.Event;
import com.nusomi.kit.kafka.KafkaClients;
import com.nusomi.kit.kafka.PoisonRecordException;
import com.nusomi.kit.kafka.TailingConsumer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * What a stream hand-over needs from the broker: how far the session-sealer's events projection has committed (the
 * catalog holds every event below), and the events of a partition between two offsets when the live feed no longer
 * keeps them. Blocking; callers run it on a worker thread.
 */
@ApplicationScoped
public class TopicHistory {
    private static final Logger LOG = Logger.getLogger(TopicHistory.class);
    private static final String EVENTS = Topic.EVENTS.topicName();
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final KafkaClients clients;
    private final EventDecoder decoder;
    private final GatewayConfig.Stream config;
    private volatile Admin admin;

    TopicHistory(KafkaClients clients, EventDecoder decoder, GatewayConfig config) {
        this.clients = clients;
        this.decoder = decoder;
        this.config = config.stream();
    }

    /** Per partition of nusomi.events, the projection group's committed offset; empty when it has none yet. */
    public Map<Integer, Long> projected() {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin().listConsumerGroupOffsets(config.catalogProjectionGroup())
                    .partitionsToOffsetAndMetadata().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Map<Integer, Long> offsets = new HashMap<>();
            committed.forEach((tp, om) -> {
                if (tp.topic().equals(EVENTS) && om != null) {
                    offsets.put(tp.partition(), om.offset());
                }
            });
            return offsets;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the committed offsets of " + config.catalogProjectionGroup(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The events of {@code partition} from {@code from} (or, when null, from {@link GatewayConfig.Stream#history()}
     * ago) up to {@code to} (exclusive), read-committed.
     */
    public List<EventArrived> read(int partition, Long from, long to) {
        TopicPartition tp = new TopicPartition(EVENTS, partition);
        List<EventArrived> events = new ArrayList<>();
        try (var consumer = TailingConsumer.open(TailingConsumer.groupless(clients, "api-gateway-replay",
                Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")))) {
            consumer.assign(List.of(tp));
            long start;
            if (from != null) {
                start = from;
            } else {
                var found = consumer.offsetsForTimes(Map.of(tp, Instant.now().minus(config.history()).toEpochMilli()), TIMEOUT).get(tp);
                start = found == null ? to : found.offset();
            }
            if (start >= to) {
                return events;
            }
            consumer.seek(tp, start);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (consumer.position(tp) < to) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading " + tp + " from " + start + " to " + to + " took too long");
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() >= to) {
                        break;
                    }
                    try {
                        Event e = decoder.decode(record.topic(), record.headers(), record.value());
                        events.add(new EventArrived(StreamEvent.of(e), null, record.partition(), record.offset()));
                    } catch (PoisonRecordException e) {
                        LOG.debugf("skipping unreadable %s-%d@%d", record.topic(), record.partition(), record.offset());
                    }
                }
            }
        }
        return events;
    }

    private Admin admin() {
        Admin a = admin;
        if (a == null) {
            synchronized (this) {
                if (admin == null) {
                    admin = Admin.create(clients.admin(Map.of(
                            AdminClientConfig.CLIENT_ID_CONFIG, "api-gateway-streams-" + ProcessHandle.current().pid())));
                }
                a = admin;
            }
        }
        return a;
    }

    @PreDestroy
    void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
    }
}
