package com.nusomi.apigateway.service;

import com.github.f4b6a3.ulid.Ulid;
import com.nusomi.contracts.IdPrefix;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Ids a write mints. Under an {@code Idempotency-Key} they derive from the seed stored with the key's claim (the seed,
 * then the seed + 1, …), so a retry of a request that failed with a 5xx after it took effect (a create whose reply
 * timed out) mints the same ids, and the services, which apply a known id once, do nothing twice. Without a key: new ids.
 */
@ApplicationScoped
public class IdempotentIds {
    private static final String NEXT = "nusomi.idempotency.next-id";
    private final CurrentVertxRequest request;

    IdempotentIds(CurrentVertxRequest request) {
        this.request = request;
    }

    /** Called by the idempotency filter once this request holds the key's claim. */
    public static void seed(RoutingContext context, String seed) {
        if (context != null && seed != null) {
            context.put(NEXT, Ulid.from(seed));
        }
    }

    /** The next id of this request; call it on the request's own thread (before the first asynchronous step). */
    public String next(IdPrefix prefix) {
        RoutingContext context = request.getCurrent();
        Ulid next = context == null ? null : context.get(NEXT);
        if (next == null) {
            return prefix.newId();
        }
        context.put(NEXT, next.increment());
        return prefix.prefix() + next;
    }
}
