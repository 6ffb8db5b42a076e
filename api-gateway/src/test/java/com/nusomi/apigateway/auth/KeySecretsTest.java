package com.nusomi.apigateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KeySecretsTest {

    @Test
    void mintedSecretsCarryThePrefixAndAreUnique() {
        String a = KeySecrets.mint("nsk_local_");
        String b = KeySecrets.mint("nsk_local_");
        assertTrue(a.matches("^nsk_local_[0-9A-Za-z]{40}$"), a);
        assertNotEquals(a, b);
    }

    @Test
    void theHashIsHexSha256AndTheRedactionShowsOnlyTheEnd() {
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", KeySecrets.hash("abc"));
        assertEquals("nsk_local_…wxyz", KeySecrets.redact("nsk_local_abcdefghijklmnopqrstuvwxyz", "nsk_local_"));
    }
}
