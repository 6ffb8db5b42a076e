package com.nusomi.kit.kafka;

import com.nusomi.kit.health.RegistryReadiness;
import com.nusomi.kit.retry.RetryPolicy;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Decodes a raw record and hands it to a handler; a record that cannot be decoded, or that the handler rejects with
 * {@link PoisonRecordException}, goes to the dead-letter topic and the consumer moves on. Other failures propagate,
 * so the record is retried rather than lost.
 *
 * <p>Called on a Vert.x event loop (a non-blocking {@code @Incoming} method), decoding and handling move to a worker:
 * the first decode of a schema id fetches the schema from the registry synchronously, and the registry client answers
 * on the event loop, so blocking it there would deadlock the consumer. Called on a worker or a plain thread, both run
 * in place.
 *
 * <p>A record that does not decode while the schema registry is unreachable is not judged: the decode is retried,
 * holding the partition, until the registry answers again (then it decodes, or is poison for real).
 */
@ApplicationScoped
public class GuardedConsumer {
    private static final Logger LOG = Logger.getLogger(GuardedConsumer.class);
    private static final RetryPolicy WHILE_REGISTRY_DOWN = RetryPolicy.forever(Duration.ofMillis(500), Duration.ofSeconds(10));

    private final AvroCodec codec;
    private final DeadLetterQueue deadLetters;
    private final BooleanSupplier registryUp;

    @Inject
    GuardedConsumer(AvroCodec codec, DeadLetterQueue deadLetters, @Readiness RegistryReadiness registry) {
        this(codec, deadLetters, () -> registry.call().getStatus() == HealthCheckResponse.Status.UP);
    }

    GuardedConsumer(AvroCodec codec, DeadLetterQueue deadLetters, BooleanSupplier registryUp) {
        this.codec = codec;
        this.deadLetters = deadLetters;
        this.registryUp = registryUp;
    }

    public <T extends SpecificRecord> Uni<Void> consume(ConsumerRecord<String, byte[]> record, String consumer,
                                                        Class<T> type, Function<T, Uni<Void>> handler) {
        Uni<Void> work = WHILE_REGISTRY_DOWN.retrying(
                        Uni.createFrom().item(() -> decode(record, type)), RegistryUnavailableException.class::isInstance)
                .chain(decoded -> decoded instanceof Decoded.Value<T> v
                        ? Uni.createFrom().deferred(() -> handler.apply(v.value()))
                                .onFailure(PoisonRecordException.class).recoverWithUni(e -> deadLetter(record, consumer, e))
                        : deadLetter(record, consumer, ((Decoded.Poison<T>) decoded).reason()));
        return Context.isOnEventLoopThread() ? work.runSubscriptionOn(Infrastructure.getDefaultWorkerPool()) : work;
    }

    private <T extends SpecificRecord> Decoded<T> decode(ConsumerRecord<String, byte[]> record, Class<T> type) {
        try {
            return new Decoded.Value<>(codec.decode(record.topic(), record.headers(), record.value(), type));
        } catch (PoisonRecordException e) {
            if (record.value() != null && !registryUp.getAsBoolean()) {
                LOG.warnf("cannot decode %s-%d@%d while the schema registry is unreachable; retrying, not dead-lettering",
                        record.topic(), record.partition(), record.offset());
                throw new RegistryUnavailableException(e);
            }
            return new Decoded.Poison<>(e);
        }
    }

    private Uni<Void> deadLetter(ConsumerRecord<String, byte[]> record, String consumer, Throwable reason) {
        return Uni.createFrom().completionStage(() -> deadLetters.send(record, consumer, reason));
    }

    /** What decoding gave: the value, or why the record is poison. */
    private sealed interface Decoded<T> {
        record Value<T>(T value) implements Decoded<T> {}

        record Poison<T>(PoisonRecordException reason) implements Decoded<T> {}
    }

    /** The registry did not answer: the record cannot be judged now. */
    static final class RegistryUnavailableException extends RuntimeException {
        RegistryUnavailableException(Throwable cause) {
            super("schema registry unreachable", cause);
        }
    }
}
