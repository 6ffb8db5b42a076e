package com.nusomi.apigateway.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import org.junit.jupiter.api.Test;

class IdempotencyCipherTest {
    private static final byte[] ANSWER = "{\"key\":\"nsk_local_secret\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void onlyTheSameApiKeyAndIdempotencyKeyOpenTheAnswer() throws Exception {
        byte[] sealed = IdempotencyCipher.seal("nsk_local_aaaa", "k1", ANSWER);
        assertArrayEquals(ANSWER, IdempotencyCipher.open("nsk_local_aaaa", "k1", sealed));
        assertThrows(GeneralSecurityException.class, () -> IdempotencyCipher.open("nsk_local_bbbb", "k1", sealed));
        assertThrows(GeneralSecurityException.class, () -> IdempotencyCipher.open("nsk_local_aaaa", "k2", sealed));
        sealed[sealed.length - 1] ^= 1;
        assertThrows(GeneralSecurityException.class, () -> IdempotencyCipher.open("nsk_local_aaaa", "k1", sealed));
    }
}
