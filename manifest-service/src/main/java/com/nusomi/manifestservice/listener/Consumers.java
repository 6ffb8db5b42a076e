package com.nusomi.manifestservice.listener;

import com.nusomi.kit.retry.RetryPolicy;
import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;

/** What this service's consumers share: their group/consumer name and how infrastructure failures are retried. */
final class Consumers {
    static final String NAME = "manifest-service";
    /** The webhook consumers' group and dead-letter consumer name: apart from the export finisher's offsets. */
    static final String WEBHOOKS = "manifest-service-webhooks";

    private Consumers() {}

    /** Retries infrastructure failures with backoff; poison propagates at once (to the dead-letter topic). */
    static Uni<Void> withRetries(Supplier<Uni<? extends Void>> work, RetryPolicy retry) {
        return retry.retrying(Uni.createFrom().<Void>deferred(work));
    }
}
