package com.nusomi.manifestservice.listener;

import com.nusomi.kit.kafka.PoisonRecordException;
import com.nusomi.manifestservice.config.ManifestServiceConfig;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.util.function.Supplier;

/** What this service's consumers share: their group/consumer name and how infrastructure failures are retried. */
final class Consumers {
    static final String NAME = "manifest-service";
    /** The webhook consumers' group and dead-letter consumer name: apart from the export finisher's offsets. */
    static final String WEBHOOKS = "manifest-service-webhooks";

    private Consumers() {}

    /**
     * Runs a consumer step off the event loop: decoding may fetch a schema from the registry synchronously, and the
     * registry client answers on the event loop (blocking it there deadlocks the consumer).
     */
    static Uni<Void> offEventLoop(Supplier<Uni<Void>> decodeAndHandle) {
        return Uni.createFrom().<Void>deferred(decodeAndHandle::get)
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** Retries infrastructure failures with backoff; poison propagates at once (to the dead-letter topic). */
    static Uni<Void> withRetries(Supplier<Uni<? extends Void>> work, ManifestServiceConfig.Retry retry) {
        return Uni.createFrom().<Void>deferred(work)
                .onFailure(failure -> !(failure instanceof PoisonRecordException))
                .retry().withBackOff(retry.initialBackoff(), retry.maxBackoff()).atMost(Math.max(1, retry.maxAttempts() - 1));
    }
}
