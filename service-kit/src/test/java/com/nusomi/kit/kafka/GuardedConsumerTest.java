package com.nusomi.kit.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nusomi.contracts.avro.Event;
import io.smallrye.mutiny.Uni;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which records are dead-lettered, which retried: decided without a broker (dead letters are captured). */
class GuardedConsumerTest {
    /** No registry listens here: a record that does not decode cannot be looked up either. */
    private final AvroCodec codec = new AvroCodec("http://127.0.0.1:9/apis/registry/v3");
    private final List<String> deadLettered = new CopyOnWriteArrayList<>();
    private final DeadLetterQueue deadLetters = new DeadLetterQueue(new KafkaClients(Map.of("bootstrap.servers", "127.0.0.1:9"))) {
        @Override
        public CompletableFuture<Void> send(ConsumerRecord<String, byte[]> record, String consumer, Throwable reason) {
            deadLettered.add(reason.getMessage());
            return CompletableFuture.completedFuture(null);
        }
    };

    @AfterEach
    void close() {
        deadLetters.close();
        codec.close();
    }

    @Test
    void aRecordThatDoesNotDecodeWhileTheRegistryIsDownWaitsForItThenIsJudged() {
        var checks = new AtomicInteger();
        var guarded = new GuardedConsumer(codec, deadLetters, () -> checks.incrementAndGet() > 2); // down twice, then up

        guarded.consume(record("not avro"), "test", Event.class, e -> Uni.createFrom().voidItem()).await().indefinitely();

        assertEquals(3, checks.get(), "retried while the registry was down");
        assertEquals(1, deadLettered.size(), "judged poison once the registry answered");
    }

    @Test
    void aTombstoneIsPoisonWithoutAskingTheRegistry() {
        var checks = new AtomicInteger();
        var guarded = new GuardedConsumer(codec, deadLetters, () -> checks.incrementAndGet() > 0);

        guarded.consume(new ConsumerRecord<>("nusomi.events", 0, 7L, "ses_1", null), "test", Event.class,
                e -> Uni.createFrom().voidItem()).await().indefinitely();

        assertEquals(0, checks.get());
        assertEquals(1, deadLettered.size());
        assertTrue(deadLettered.getFirst().contains("tombstone"), deadLettered.getFirst());
    }

    @Test
    void undecodableRecordsWithTheRegistryUpAreDeadLetteredAtOnce() {
        var guarded = new GuardedConsumer(codec, deadLetters, () -> true);

        guarded.consume(record("garbage"), "test", Event.class, e -> Uni.createFrom().voidItem()).await().indefinitely();

        assertEquals(1, deadLettered.size());
    }

    private static ConsumerRecord<String, byte[]> record(String value) {
        return new ConsumerRecord<>("nusomi.events", 0, 7L, "ses_1", value.getBytes(StandardCharsets.UTF_8));
    }
}
