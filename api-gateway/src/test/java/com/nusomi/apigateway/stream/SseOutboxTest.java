package com.nusomi.apigateway.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.ws.rs.sse.OutboundSseEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.resteasy.reactive.server.jaxrs.SseImpl;
import org.junit.jupiter.api.Test;

/** The outbox's pacing, with a clock the test moves: frames wait for demand, a reader 30 s behind loses them. */
class SseOutboxTest {
    private final SseFrames frames = new SseFrames(new SseImpl());
    private final AtomicLong now = new AtomicLong();
    private final AtomicReference<SseOutbox> outbox = new AtomicReference<>();
    private final AssertSubscriber<OutboundSseEvent> client = Multi.createFrom()
            .emitter((MultiEmitter<? super OutboundSseEvent> e) -> outbox.set(new SseOutbox(e, Runnable::run, now::get,
                    Duration.ofSeconds(30).toNanos(), 100, frames::comment)))
            .subscribe().withSubscriber(AssertSubscriber.create(0));

    private OutboundSseEvent event(String id) {
        return frames.named("click", "{\"id\":\"" + id + "\"}");
    }

    private List<String> received() {
        return client.getItems().stream().map(f -> f.getComment() != null ? ":" + f.getComment().trim()
                : f.getData().toString().trim()).toList();
    }

    @Test
    void framesWaitForTheReaderAndKeepTheirOrder() {
        outbox.get().offer(event("a"));
        outbox.get().offer(event("b"));
        assertEquals(List.of(), received());
        client.request(1);
        assertEquals(List.of("{\"id\":\"a\"}"), received());
        outbox.get().offer(event("c"));
        client.request(5);
        assertEquals(List.of("{\"id\":\"a\"}", "{\"id\":\"b\"}", "{\"id\":\"c\"}"), received());
    }

    @Test
    void aReaderMoreThan30SecondsBehindGetsDroppedNAndResumesLive() {
        outbox.get().offer(event("a"));
        outbox.get().offer(event("b"));
        outbox.get().offerComment(frames.comment("keepalive"));
        now.addAndGet(Duration.ofSeconds(29).toNanos());
        outbox.get().offer(event("c"));
        client.request(1);
        assertEquals(List.of("{\"id\":\"a\"}"), received(), "29 s behind: nothing dropped");
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        outbox.get().offer(event("d"));
        client.request(10);
        assertEquals(List.of("{\"id\":\"a\"}", ":dropped 2", "{\"id\":\"d\"}"), received());
        assertEquals(2, outbox.get().dropped());
    }

    @Test
    void endSendsWhatIsQueuedThenCompletes() {
        outbox.get().offer(event("a"));
        outbox.get().end(frames.named("end", "{}"));
        outbox.get().offer(event("late"));
        client.request(10);
        assertEquals(List.of("{\"id\":\"a\"}", "{}"), received());
        client.assertCompleted();
    }
}
