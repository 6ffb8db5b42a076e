package com.nusomi.apigateway.service;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * At startup, publishes every stored masking rule set again ({@link MaskingRuleService#republishAll}), retrying with
 * backoff until the broker takes them: the table is the truth, and a PUT whose publish never happened (the gateway
 * stopped in between) must still reach capture-ingest.
 */
@ApplicationScoped
public class MaskingRulesRepublish {
    private static final Logger LOG = Logger.getLogger(MaskingRulesRepublish.class);
    private final MaskingRuleService rules;
    private Cancellable running;

    MaskingRulesRepublish(MaskingRuleService rules) {
        this.rules = rules;
    }

    void onStart(@Observes StartupEvent event) {
        running = rules.republishAll()
                .onFailure().invoke(e -> LOG.warnf("masking rules not republished yet (retrying): %s", e.toString()))
                .onFailure().retry().withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30)).indefinitely()
                .subscribe().with(n -> LOG.infof("masking rules: %d stored rule set(s) republished", n));
    }

    void onStop(@Observes ShutdownEvent event) {
        if (running != null) {
            running.cancel();
        }
    }
}
