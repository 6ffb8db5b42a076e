package com.nusomi.contracts;

/** SPEC §2 Masking: what a masked value becomes, and the rule that is always on. */
public final class Masking {
    private Masking() {}

    /** What a masked value becomes, in signals, events and snapshots. */
    public static final String MASKED = "[masked]";

    /** Input type whose values are always masked, whatever the workspace's rules. */
    public static final String PASSWORD_INPUT_TYPE = "password";
}
