package com.nusomi.apigateway.mapping;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.nusomi.apigateway.mapping.constraints.Regex;
import com.nusomi.contracts.Limits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * One workspace masking rule (SPEC §2 Masking), {@code {kind: credit_card|email|ssn|regex, pattern?}}; only a regex
 * rule carries a pattern. {@code password} is always on and is not a rule one can set.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(MaskingRule.CreditCard.class),
        @JsonSubTypes.Type(MaskingRule.Email.class),
        @JsonSubTypes.Type(MaskingRule.Ssn.class),
        @JsonSubTypes.Type(MaskingRule.RegexRule.class)
})
public sealed interface MaskingRule {

    @JsonTypeName("credit_card")
    record CreditCard() implements MaskingRule {}

    @JsonTypeName("email")
    record Email() implements MaskingRule {}

    @JsonTypeName("ssn")
    record Ssn() implements MaskingRule {}

    @JsonTypeName("regex")
    record RegexRule(@NotBlank(message = "is required for a regex rule") @Size(max = Limits.MASKING_PATTERN_MAX_CHARS)
                     @Regex String pattern) implements MaskingRule {}
}
