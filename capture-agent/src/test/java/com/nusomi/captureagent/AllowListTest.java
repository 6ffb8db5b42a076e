package com.nusomi.captureagent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nusomi.captureagent.record.AllowList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AllowListTest {

    @Test
    void aDomainAllowsItselfAndItsSubdomainsOnly() {
        var list = new AllowList(List.of("acme.com", "127.0.0.1"));
        assertTrue(list.allows("https://acme.com/invoices"));
        assertTrue(list.allows("https://app.acme.com/"));
        assertTrue(list.allows("http://127.0.0.1:8765/new.html"));
        assertFalse(list.allows("https://notacme.com/"));
        assertFalse(list.allows("https://acme.com.evil.io/"));
        assertFalse(list.allows("about:blank"));
        assertFalse(list.allows("chrome://settings"));
        assertFalse(list.allows("not a url"));
    }

    @Test
    void anEmptyListAllowsEveryWebPageButNothingElse() {
        var list = new AllowList(List.of());
        assertTrue(list.allows("https://example.org/"));
        assertFalse(list.allows("file:///etc/passwd"));
        assertFalse(list.allows("about:blank"));
    }

    @Test
    void urlsLoseQueryAndFragment() {
        assertEquals("https://acme.com/pay", AllowList.strip("https://acme.com/pay?token=secret#card"));
        assertEquals("https://acme.com/a", AllowList.strip("https://acme.com/a#x?y"));
        assertEquals("https://acme.com/", AllowList.strip("https://acme.com/"));
    }
}
