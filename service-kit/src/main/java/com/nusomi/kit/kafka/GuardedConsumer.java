package com.nusomi.kit.kafka;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes a raw record and hands it to a handler; a record that cannot be decoded, or that the handler rejects with
 * {@link PoisonRecordException}, goes to the dead-letter topic and the consumer moves on. Other failures propagate,
 * so the record is retried rather than lost.
 *
 * <p>Called on a Vert.x event loop (a non-blocking {@code @Incoming} method), decoding and handling move to a worker:
 * the first decode of a schema id fetches the schema from the registry synchronously, and the registry client answers
 * on the event loop, so blocking it there would deadlock the consumer. Called on a worker or a plain thread, both run
 * in place.
 */
@ApplicationScoped
public class GuardedConsumer {
    private final AvroCodec codec;
    private final DeadLetterQueue deadLetters;

    GuardedConsumer(AvroCodec codec, DeadLetterQueue deadLetters) {
        this.codec = codec;
        this.deadLetters = deadLetters;
    }

    public <T extends SpecificRecord> Uni<Void> consume(ConsumerRecord<String, byte[]> record, String consumer,
                                                        Class<T> type, Function<T, Uni<Void>> handler) {
        Uni<Void> work = Uni.createFrom().deferred(() -> decodeAndHandle(record, consumer, type, handler));
        return Context.isOnEventLoopThread() ? work.runSubscriptionOn(Infrastructure.getDefaultWorkerPool()) : work;
    }

    private <T extends SpecificRecord> Uni<Void> decodeAndHandle(ConsumerRecord<String, byte[]> record, String consumer,
                                                                Class<T> type, Function<T, Uni<Void>> handler) {
        T value;
        try {
            value = codec.decode(record.topic(), record.headers(), record.value(), type);
        } catch (PoisonRecordException e) {
            return deadLetter(record, consumer, e);
        }
        return Uni.createFrom().deferred(() -> handler.apply(value))
                .onFailure(PoisonRecordException.class)
                .recoverWithUni(e -> deadLetter(record, consumer, e));
    }

    private Uni<Void> deadLetter(ConsumerRecord<String, byte[]> record, String consumer, Throwable reason) {
        return Uni.createFrom().completionStage(() -> deadLetters.send(record, consumer, reason));
    }
}
