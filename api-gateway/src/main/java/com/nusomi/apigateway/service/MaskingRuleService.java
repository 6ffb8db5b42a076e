package com.nusomi.apigateway.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.nusomi.apigateway.mapping.Json;
import com.nusomi.apigateway.mapping.MaskingRule;
import com.nusomi.apigateway.persistence.MaskingRuleRepository;
import com.nusomi.apigateway.publish.MaskingRulesPublisher;
import com.nusomi.contracts.avro.MaskingRuleSet;
import com.nusomi.contracts.avro.MaskingRuleSpec;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/**
 * A workspace's masking rules (SPEC §2): stored here (gateway.masking_rules, the API's answer), then published whole to
 * the compacted {@code nusomi.masking.rules}, from which capture-ingest applies them to every later capture. A PUT is
 * answered once both the row and the record are written; if publishing fails the PUT fails and may simply be repeated.
 * {@code password} is always on and not part of the stored set.
 */
@ApplicationScoped
public class MaskingRuleService {
    /** What a workspace that never set its rules gets: every built-in detector on (contracts Masking.DEFAULT_RULE_KINDS, which capture-ingest applies). */
    public static final List<MaskingRule> DEFAULT_RULES =
            List.of(new MaskingRule.CreditCard(), new MaskingRule.Email(), new MaskingRule.Ssn());
    private static final TypeReference<List<MaskingRule>> RULES = new TypeReference<>() {};

    private final MaskingRuleRepository repository;
    private final MaskingRulesPublisher publisher;

    MaskingRuleService(MaskingRuleRepository repository, MaskingRulesPublisher publisher) {
        this.repository = repository;
        this.publisher = publisher;
    }

    /** The rule set and when it was last replaced (null while the default applies). */
    public record RuleSet(List<MaskingRule> rules, Instant updatedAt) {}

    public Uni<RuleSet> get(String workspaceId) {
        return repository.find(workspaceId).map(found -> found
                .map(stored -> new RuleSet(read(stored.rulesJson()), stored.updatedAt()))
                .orElse(new RuleSet(DEFAULT_RULES, null)));
    }

    public Uni<RuleSet> replace(String workspaceId, List<MaskingRule> rules) {
        Instant at = KeyService.now();
        return repository.replace(workspaceId, write(rules), at)
                .chain(() -> publisher.publish(record(workspaceId, rules, at)))
                .replaceWith(new RuleSet(List.copyOf(rules), at));
    }

    /**
     * Publishes every stored rule set again (at startup): a gateway that stopped between writing a row and publishing it
     * left the topic behind the table; capture-ingest keeps the newest of each workspace by {@code updated_at}, so an
     * older set published late never replaces a newer one. Completes with the number of rule sets published.
     */
    public Uni<Integer> republishAll() {
        return repository.all().chain(all -> {
            if (all.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            return Uni.join().all(all.stream()
                            .map(w -> publisher.publish(record(w.workspaceId(), read(w.stored().rulesJson()), w.stored().updatedAt())))
                            .toList())
                    .andFailFast().replaceWith(all.size());
        });
    }

    /** The rule set as capture-ingest reads it. */
    static MaskingRuleSet record(String workspaceId, List<MaskingRule> rules, Instant at) {
        List<MaskingRuleSpec> specs = rules.stream().map(rule -> switch (rule) {
            case MaskingRule.CreditCard c -> new MaskingRuleSpec("credit_card", null);
            case MaskingRule.Email e -> new MaskingRuleSpec("email", null);
            case MaskingRule.Ssn s -> new MaskingRuleSpec("ssn", null);
            case MaskingRule.RegexRule r -> new MaskingRuleSpec("regex", r.pattern());
        }).toList();
        return new MaskingRuleSet(workspaceId, specs, at);
    }

    private static String write(List<MaskingRule> rules) {
        try {
            return Json.MAPPER.writerFor(RULES).writeValueAsString(rules);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<MaskingRule> read(String json) {
        try {
            return Json.MAPPER.readValue(json, RULES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored masking rules are not readable: " + e.getOriginalMessage(), e);
        }
    }
}
