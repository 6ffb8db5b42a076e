package com.nusomi.sessionsealer.listener;

import com.nusomi.kit.kafka.KafkaClients;
import com.nusomi.kit.retry.RetryPolicy;
import com.nusomi.sessionsealer.service.ProjectionProgress;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * One projection's consumer loop: poll, write each record (through the guarded handler), then record and commit the
 * consumer <em>position</em>. A read-committed consumer's position steps over transaction markers, which the offset of
 * the last processed record (what SmallRye's commit strategies commit) never does; the seal compares against
 * read-committed end offsets, so it needs exactly this position. Infrastructure failures are retried in place.
 */
final class ProjectionConsumer implements Runnable {
    private static final Logger LOG = Logger.getLogger(ProjectionConsumer.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);
    /** Holds the partition rather than skip a record: a projection must not lose one. */
    private static final RetryPolicy RETRY = RetryPolicy.forever(Duration.ofMillis(200), Duration.ofSeconds(5));

    private final String name;
    private final ProjectionProgress progress;
    private final Function<ConsumerRecord<String, byte[]>, Uni<Void>> handler;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private volatile boolean running = true;
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private volatile Instant stuckSince;
    private volatile Throwable failure;

    ProjectionConsumer(String name, KafkaClients clients, IsolationLevel isolation, ProjectionProgress progress,
                       Function<ConsumerRecord<String, byte[]>, Uni<Void>> handler) {
        this.name = name;
        this.progress = progress;
        this.handler = handler;
        this.consumer = new KafkaConsumer<>(clients.consumer(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, progress.group(),
                ConsumerConfig.CLIENT_ID_CONFIG, progress.group() + "-" + ProcessHandle.current().pid(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.toString(),
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200)),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this, name);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void stop() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Healthy while the loop runs and no record has been failing for longer than {@code maxStuck}. */
    boolean healthy(Duration maxStuck) {
        Instant stuck = stuckSince;
        return failure == null && thread.isAlive() && (stuck == null || stuck.plus(maxStuck).isAfter(Instant.now()));
    }

    String name() {
        return name;
    }

    Throwable failure() {
        return failure;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(progress.topic()), new Rebalance());
            while (running) {
                var records = consumer.poll(POLL_TIMEOUT);
                for (var record : records) {
                    processWithRetry(record);
                    if (!running) {
                        return;
                    }
                }
                commitPositions();
            }
        } catch (WakeupException e) {
            if (running) {
                failure = e;
            }
        } catch (RuntimeException e) {
            failure = e;
            LOG.errorf(e, "%s stopped", name);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void processWithRetry(ConsumerRecord<String, byte[]> record) {
        int retry = 0;
        while (running) {
            try {
                handler.apply(record).await().atMost(Duration.ofSeconds(60));
                stuckSince = null;
                return;
            } catch (RuntimeException e) {
                Duration backoff = RETRY.backoff(++retry);
                LOG.warnf(e, "%s: %s-%d@%d failed, retrying in %d ms", name, record.topic(), record.partition(),
                        record.offset(), backoff.toMillis());
                try {
                    Thread.sleep(backoff); // retry backoff of an infrastructure failure, not a wait for data
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
                if (stuckSince == null) {
                    stuckSince = Instant.now();
                }
            }
        }
    }

    private void commitPositions() {
        var commits = new HashMap<TopicPartition, OffsetAndMetadata>();
        for (TopicPartition tp : consumer.assignment()) {
            long position = consumer.position(tp);
            if (!Long.valueOf(position).equals(committed.get(tp))) {
                commits.put(tp, new OffsetAndMetadata(position));
            }
        }
        if (!commits.isEmpty()) {
            consumer.commitSync(commits);
            commits.forEach((tp, offset) -> {
                committed.put(tp, offset.offset());
                progress.advanced(tp.partition(), offset.offset());
            });
            progress.signal();
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            for (TopicPartition tp : partitions) {
                long position = consumer.position(tp);
                committed.put(tp, position);
                progress.advanced(tp.partition(), position);
            }
            progress.signal();
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            partitions.forEach(tp -> {
                committed.remove(tp);
                progress.revoked(tp.partition());
            });
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            onPartitionsRevoked(partitions);
        }
    }
}
