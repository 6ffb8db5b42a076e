package com.nusomi.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdPrefixTest {

    @Test
    void idsArePrefixPlusUlid() {
        String id = IdPrefix.SESSION.newId();
        assertTrue(id.matches("ses_[0-9A-HJKMNP-TV-Z]{26}"), id);
        assertTrue(IdPrefix.SESSION.matches(id));
        assertFalse(IdPrefix.FRAME.matches(id));
        assertFalse(IdPrefix.SESSION.matches("ses_not-a-ulid"));
    }

    @Test
    void idsSortInCreationOrder() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            ids.add(IdPrefix.EVENT.newId());
        }
        List<String> sorted = new ArrayList<>(ids);
        sorted.sort(null);
        assertEquals(ids, sorted);
    }
}
