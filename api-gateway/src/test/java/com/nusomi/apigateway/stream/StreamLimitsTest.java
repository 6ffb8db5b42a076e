package com.nusomi.apigateway.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nusomi.apigateway.support.FakeCaptureIngest;
import com.nusomi.devstack.DevStackResource;
import com.nusomi.contracts.ErrorCode;
import com.nusomi.kit.api.ApiException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Stream limits hold across gateway instances: two limiters on the same lease table, as two gateways have them. */
@QuarkusTest
@QuarkusTestResource(DevStackResource.class)
@QuarkusTestResource(FakeCaptureIngest.class)
class StreamLimitsTest {
    @Inject
    Pool pool;

    private static String workspace() {
        return "ws_limits_" + UUID.randomUUID();
    }

    private static void assertRefused(String why, Runnable open) {
        ApiException e = assertThrows(ApiException.class, open::run, why);
        assertEquals(ErrorCode.STREAM_LIMIT_EXCEEDED, e.code(), why);
    }

    @Test
    void twoInstancesCountTheSameStreams() {
        String ws = workspace();
        StreamLimits a = new StreamLimits(2, 3, Duration.ofSeconds(30), pool);
        StreamLimits b = new StreamLimits(2, 3, Duration.ofSeconds(30), pool);
        try {
            a.acquire("key_1", ws);
            StreamLimits.Permit onB = b.acquire("key_1", ws);
            assertRefused("key_1 holds 2 of 2, one on each instance", () -> a.acquire("key_1", ws));
            b.acquire("key_2", ws);
            assertRefused("the workspace holds 3 of 3 over both instances", () -> a.acquire("key_3", ws));
            assertEquals(3, a.open(ws));
            onB.close();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> a.open(ws) == 2);
            a.acquire("key_3", ws);
        } finally {
            a.shutdown();
            b.shutdown();
        }
    }

    @Test
    void concurrentOpensOnTwoInstancesNeverOverAdmit() throws Exception {
        String ws = workspace();
        StreamLimits a = new StreamLimits(100, 5, Duration.ofSeconds(30), pool);
        StreamLimits b = new StreamLimits(100, 5, Duration.ofSeconds(30), pool);
        var threads = Executors.newFixedThreadPool(16);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> opens = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                StreamLimits limiter = i % 2 == 0 ? a : b;
                String key = "key_" + i;
                Callable<Boolean> open = () -> {
                    go.await();
                    try {
                        limiter.acquire(key, ws);
                        return true;
                    } catch (ApiException e) {
                        assertEquals(ErrorCode.STREAM_LIMIT_EXCEEDED, e.code());
                        return false;
                    }
                };
                opens.add(threads.submit(open));
            }
            go.countDown();
            int admitted = 0;
            for (Future<Boolean> open : opens) {
                admitted += open.get() ? 1 : 0;
            }
            assertEquals(5, admitted, "32 concurrent opens over two instances, 5 slots");
            assertEquals(5, b.open(ws));
        } finally {
            threads.shutdownNow();
            a.shutdown();
            b.shutdown();
        }
    }

    @Test
    void aCrashedInstanceFreesItsSlotsAfterTheLeaseAndALiveOneKeepsThem() throws Exception {
        String ws = workspace();
        StreamLimits crashing = new StreamLimits(10, 1, Duration.ofSeconds(2), pool);
        StreamLimits survivor = new StreamLimits(10, 1, Duration.ofSeconds(2), pool);
        try {
            crashing.acquire("key_1", ws);
            crashing.stopHeartbeat();
            assertRefused("the crashed instance's lease still runs", () -> survivor.acquire("key_2", ws));
            Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).until(() -> {
                try {
                    survivor.acquire("key_2", ws);
                    return true;
                } catch (ApiException e) {
                    return false;
                }
            });
            // the survivor renews its lease: after twice its length the slot is still held
            Thread.sleep(4_000);
            assertRefused("a live instance's stream keeps its slot past one lease", () -> crashing.acquire("key_3", ws));
        } finally {
            crashing.shutdown();
            survivor.shutdown();
        }
    }
}
