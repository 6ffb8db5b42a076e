package com.nusomi.apigateway.publish;

import com.nusomi.contracts.avro.MaskingRuleSet;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** A workspace's whole rule set on the compacted {@code nusomi.masking.rules}, keyed by workspace id; capture-ingest applies it. */
@ApplicationScoped
public class MaskingRulesPublisher {
    public static final String CHANNEL = "masking-rules";

    private final MutinyEmitter<MaskingRuleSet> rules;

    MaskingRulesPublisher(@Channel(CHANNEL) MutinyEmitter<MaskingRuleSet> rules) {
        this.rules = rules;
    }

    /** Completes when the broker acknowledged the rule set. */
    public Uni<Void> publish(MaskingRuleSet set) {
        return rules.sendMessage(Keyed.message(set.getWorkspaceId(), set));
    }
}
