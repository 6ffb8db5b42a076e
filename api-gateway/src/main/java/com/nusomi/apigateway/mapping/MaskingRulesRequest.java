package com.nusomi.apigateway.mapping;

import com.nusomi.contracts.Limits;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/** {@code PUT /v1/masking-rules {rules: […]}}: the workspace's whole rule set, replaced. */
public record MaskingRulesRequest(
        @NotNull(message = "is required (an empty list keeps only the always-on password rule)")
        @Size(max = Limits.MASKING_RULES_MAX)
        List<@NotNull(message = "must be a rule object") @Valid MaskingRule> rules) {}
