package com.nusomi.contracts;

/** Prefixes of secrets handed to clients (SPEC §4 "Auth", "Wire details"). */
public final class ApiKeys {
    private ApiKeys() {}

    public static final String LIVE_PREFIX = "nsk_live_";
    public static final String TEST_PREFIX = "nsk_test_";
    public static final String LOCAL_PREFIX = "nsk_local_";
    public static final String OPERATOR_PREFIX = "nso_";
    public static final String WEBHOOK_SECRET_PREFIX = "whsec_";
}
