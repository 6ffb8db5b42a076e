package com.nusomi.apigateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nusomi.apigateway.auth.Caller;
import com.nusomi.apigateway.auth.Scope;
import com.nusomi.apigateway.config.GatewayConfig;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Token-bucket arithmetic with a hand-moved clock (no sleeping). */
class RateLimitsTest {
    private static final long SECOND = 1_000_000_000L;
    private final AtomicLong now = new AtomicLong(1_000 * SECOND);

    /** The SPEC §4 values, as GatewayConfig's defaults give them. */
    private record Spec(int instances) implements GatewayConfig.RateLimit {
        public boolean enabled() { return true; }
        public double burstFactor() { return 2; }
        public double createSessionPerSecond() { return 30; }
        public double emitEventsPerSecond() { return 1000; }
        public double frameUploadPerSecond() { return 200; }
        public double readsPerSecond() { return 200; }
        public double writesPerSecond() { return 100; }
        public double exportsPerKeyPerMinute() { return 5; }
        public double exportsPerWorkspacePerMinute() { return 30; }
    }

    private static Caller key(String id, String workspace) {
        return new Caller(id, workspace, Set.of(Scope.WRITE));
    }

    @Test
    void createSessionBurstsTo60ThenRefillsAt30PerSecond() {
        var limits = new RateLimits(new Spec(1), now::get);
        var caller = key("key_a", "wsp_a");
        for (int i = 0; i < 60; i++) {
            var d = limits.charge(caller, RateLimitClass.CREATE_SESSION, 1);
            assertTrue(d.allowed(), "request " + i);
            assertEquals(60, d.limit());
            assertEquals(59 - i, d.remaining());
        }
        var refused = limits.charge(caller, RateLimitClass.CREATE_SESSION, 1);
        assertFalse(refused.allowed());
        assertEquals(1, refused.retryAfterSeconds());
        assertEquals(2, refused.resetSeconds());

        now.addAndGet(SECOND);
        for (int i = 0; i < 30; i++) {
            assertTrue(limits.charge(caller, RateLimitClass.CREATE_SESSION, 1).allowed());
        }
        assertFalse(limits.charge(caller, RateLimitClass.CREATE_SESSION, 1).allowed());
        // another key and another class have their own buckets
        assertTrue(limits.charge(key("key_b", "wsp_a"), RateLimitClass.CREATE_SESSION, 1).allowed());
        assertTrue(limits.charge(caller, RateLimitClass.READ, 1).allowed());
    }

    @Test
    void emitsAreChargedPerEvent() {
        var limits = new RateLimits(new Spec(1), now::get);
        var caller = key("key_e", "wsp_e");
        for (int i = 0; i < 20; i++) {
            assertTrue(limits.charge(caller, RateLimitClass.EMIT_EVENTS, 100).allowed(), "batch " + i);
        }
        var refused = limits.charge(caller, RateLimitClass.EMIT_EVENTS, 100);
        assertFalse(refused.allowed());
        assertEquals(1, refused.retryAfterSeconds());
        now.addAndGet(SECOND / 10);
        assertTrue(limits.charge(caller, RateLimitClass.EMIT_EVENTS, 100).allowed());
    }

    @Test
    void exportsAreLimitedPerKeyPerMinuteAndPerWorkspace() {
        var limits = new RateLimits(new Spec(1), now::get);
        var a = key("key_x1", "wsp_x");
        for (int i = 0; i < 10; i++) {
            assertTrue(limits.charge(a, RateLimitClass.EXPORT, 1).allowed());
        }
        var refused = limits.charge(a, RateLimitClass.EXPORT, 1);
        assertFalse(refused.allowed());
        assertEquals(12, refused.retryAfterSeconds(), "5/min: one token every 12 s");
        assertEquals(10, refused.limit());

        // five more keys of the workspace: 50 more pass (60 in all), then the workspace bucket refuses everyone
        for (int k = 2; k <= 6; k++) {
            for (int i = 0; i < 10; i++) {
                assertTrue(limits.charge(key("key_x" + k, "wsp_x"), RateLimitClass.EXPORT, 1).allowed(), "key " + k + " #" + i);
            }
        }
        var shared = limits.charge(key("key_x7", "wsp_x"), RateLimitClass.EXPORT, 1);
        assertFalse(shared.allowed());
        assertEquals(60, shared.limit());
        assertEquals(2, shared.retryAfterSeconds(), "30/min: one token every 2 s");
        // key_x7's own token was given back: once the workspace refills it passes
        now.addAndGet(2 * SECOND);
        var later = limits.charge(key("key_x7", "wsp_x"), RateLimitClass.EXPORT, 1);
        assertTrue(later.allowed());
        assertTrue(limits.charge(key("key_y", "wsp_y"), RateLimitClass.EXPORT, 1).allowed(), "another workspace");
    }

    @Test
    void withSeveralInstancesEachEnforcesItsShare() {
        var limits = new RateLimits(new Spec(3), now::get);
        var caller = key("key_i", "wsp_i");
        for (int i = 0; i < 20; i++) {
            assertTrue(limits.charge(caller, RateLimitClass.CREATE_SESSION, 1).allowed());
        }
        var refused = limits.charge(caller, RateLimitClass.CREATE_SESSION, 1);
        assertFalse(refused.allowed());
        assertEquals(20, refused.limit());
    }

    @Test
    void requestsAreClassifiedAsSpecGroupsThem() {
        assertEquals(RateLimitClass.CREATE_SESSION, RateLimitClass.of("POST", "/v1/sessions"));
        assertEquals(RateLimitClass.EMIT_EVENTS, RateLimitClass.of("POST", "/v1/sessions/ses_1/events"));
        assertEquals(RateLimitClass.FRAME_UPLOAD, RateLimitClass.of("POST", "/v1/sessions/ses_1/frames"));
        assertEquals(RateLimitClass.EXPORT, RateLimitClass.of("POST", "/v1/exports"));
        assertEquals(RateLimitClass.READ, RateLimitClass.of("GET", "/v1/sessions/ses_1/events"));
        assertEquals(RateLimitClass.WRITE, RateLimitClass.of("POST", "/v1/sessions/ses_1/start"));
        assertEquals(RateLimitClass.WRITE, RateLimitClass.of("DELETE", "/v1/sessions/ses_1"));
        assertEquals(RateLimitClass.WRITE, RateLimitClass.of("PUT", "/v1/masking-rules"));
    }
}
