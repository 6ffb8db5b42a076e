package com.nusomi.apigateway.rest;

import com.nusomi.apigateway.auth.CurrentCaller;
import com.nusomi.apigateway.auth.RequiresScope;
import com.nusomi.apigateway.auth.Scope;
import com.nusomi.apigateway.mapping.MaskingRule;
import com.nusomi.apigateway.mapping.MaskingRulesRequest;
import com.nusomi.apigateway.service.MaskingRuleService;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;

/** {@code /v1/masking-rules} (admin scope): the workspace's masking rules; {@code password} is always on. */
@Path("/v1/masking-rules")
@Produces(MediaType.APPLICATION_JSON)
@RequiresScope(Scope.ADMIN)
public class MaskingRulesResource {
    static final List<String> ALWAYS_ON = List.of("password");

    private final MaskingRuleService rules;
    private final CurrentCaller caller;

    MaskingRulesResource(MaskingRuleService rules, CurrentCaller caller) {
        this.rules = rules;
        this.caller = caller;
    }

    /** The rule set; {@code updated_at} is null while the default set applies. */
    public record MaskingRulesView(List<MaskingRule> rules, List<String> alwaysOn, Instant updatedAt) {
        static MaskingRulesView of(MaskingRuleService.RuleSet set) {
            return new MaskingRulesView(set.rules(), ALWAYS_ON, set.updatedAt());
        }
    }

    @GET
    public Uni<MaskingRulesView> get() {
        return rules.get(caller.workspaceId()).map(MaskingRulesView::of);
    }

    @PUT
    public Uni<MaskingRulesView> replace(@Valid @NotNull MaskingRulesRequest body) {
        return rules.replace(caller.workspaceId(), body.rules()).map(MaskingRulesView::of);
    }
}
