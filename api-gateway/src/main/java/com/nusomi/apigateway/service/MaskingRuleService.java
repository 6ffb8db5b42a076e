package com.nusomi.apigateway.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.nusomi.apigateway.mapping.Json;
import com.nusomi.apigateway.mapping.MaskingRule;
import com.nusomi.apigateway.persistence.MaskingRuleRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/**
 * A workspace's masking rules (SPEC §2): stored and returned here; capture-ingest applies them (a later issue).
 * {@code password} is always on and not part of the stored set.
 */
@ApplicationScoped
public class MaskingRuleService {
    /** What a workspace that never set its rules gets: every built-in detector on. */
    public static final List<MaskingRule> DEFAULT_RULES =
            List.of(new MaskingRule.CreditCard(), new MaskingRule.Email(), new MaskingRule.Ssn());
    private static final TypeReference<List<MaskingRule>> RULES = new TypeReference<>() {};

    private final MaskingRuleRepository repository;

    MaskingRuleService(MaskingRuleRepository repository) {
        this.repository = repository;
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
        return repository.replace(workspaceId, write(rules), at).replaceWith(new RuleSet(List.copyOf(rules), at));
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
