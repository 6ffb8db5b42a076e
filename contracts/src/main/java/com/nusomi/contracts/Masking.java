package com.nusomi.contracts;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/** SPEC §2 Masking: what a masked value becomes, and the rule that is always on. */
public final class Masking {
    private Masking() {}

    /** What a masked value becomes, in signals, events and snapshots. */
    public static final String MASKED = "[masked]";

    /** Input type whose values are always masked, whatever the workspace's rules. */
    public static final String PASSWORD_INPUT_TYPE = "password";

    /**
     * HTML {@code autocomplete} tokens whose fields are always masked, like passwords: one-time codes and card data,
     * which workspace rules could miss while the value is only partly typed.
     */
    public static final Set<String> ALWAYS_MASKED_AUTOCOMPLETE =
            Set.of("one-time-code", "cc-number", "cc-csc", "current-password", "new-password");

    /** Rule kinds of a workspace that never set its rules (api-gateway answers them; capture-ingest applies them). */
    public static final List<String> DEFAULT_RULE_KINDS = List.of("credit_card", "email", "ssn");

    /**
     * How long a workspace's custom pattern may search one string: a pattern that backtracks past it (ReDoS) masks the
     * whole string instead (over-masking, never a leak) and the upload goes on.
     */
    public static final Duration CUSTOM_PATTERN_BUDGET = Duration.ofMillis(50);
}
