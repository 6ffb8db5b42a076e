package com.nusomi.apigateway.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The outbox's pacing, with a clock and an event loop the test moves: a drain writes every queued frame as one chunk,
 * frames wait while the socket is busy, a reader 30 s behind loses them.
 */
class SseOutboxTest {
    private final AtomicLong now = new AtomicLong();
    private final ArrayDeque<Runnable> loop = new ArrayDeque<>();
    private final Socket socket = new Socket();
    private final SseOutbox outbox = new SseOutbox(socket, loop::add, now::get, Duration.ofSeconds(30).toNanos(), 100);

    /** The response: chunks as written, a write queue the test fills and drains. */
    private static final class Socket implements SseSink {
        final List<String> chunks = new ArrayList<>();
        boolean full;
        boolean ended;
        Runnable drained;

        @Override
        public boolean writeQueueFull() {
            return full;
        }

        @Override
        public void write(Buffer chunk) {
            chunks.add(chunk.toString(StandardCharsets.UTF_8));
        }

        @Override
        public void onDrain(Runnable ready) {
            drained = ready;
        }

        @Override
        public void end() {
            ended = true;
        }

        @Override
        public void abort() {
            ended = true;
        }

        @Override
        public boolean closed() {
            return ended;
        }

        @Override
        public void onTermination(Runnable cleanup) { }

        void drain() {
            full = false;
            Runnable ready = drained;
            drained = null;
            if (ready != null) {
                ready.run();
            }
        }
    }

    private static byte[] click(String id) {
        return SseFrames.event(id, "click", "{\"id\":\"" + id + "\"}");
    }

    private static String wire(String id) {
        return "id: " + id + "\nevent: click\ndata: {\"id\":\"" + id + "\"}\n\n";
    }

    private void runLoop() {
        while (!loop.isEmpty()) {
            loop.poll().run();
        }
    }

    @Test
    void framesQueuedBeforeADrainGoOutAsOneWriteInOrder() {
        outbox.offer(click("evt_a"));
        outbox.offer(click("evt_b"));
        outbox.offer(click("evt_c"));
        assertEquals(List.of(), socket.chunks, "nothing is written off the event loop");
        assertEquals(1, loop.size(), "one drain scheduled for the three frames");
        runLoop();
        assertEquals(List.of(wire("evt_a") + wire("evt_b") + wire("evt_c")), socket.chunks);
        outbox.offer(click("evt_d"));
        runLoop();
        assertEquals(List.of(wire("evt_a") + wire("evt_b") + wire("evt_c"), wire("evt_d")), socket.chunks);
    }

    @Test
    void framesWaitWhileTheSocketIsBusyThenGoOutTogether() {
        socket.full = true;
        outbox.offer(click("evt_a"));
        runLoop();
        outbox.offer(click("evt_b"));
        runLoop();
        assertEquals(List.of(), socket.chunks);
        socket.drain();
        runLoop();
        assertEquals(List.of(wire("evt_a") + wire("evt_b")), socket.chunks);
    }

    @Test
    void aReaderMoreThan30SecondsBehindGetsDroppedNAndResumesLive() {
        outbox.offer(click("evt_a"));
        runLoop();
        socket.full = true;
        outbox.offer(click("evt_b"));
        outbox.offer(click("evt_c"));
        outbox.offerComment(SseFrames.KEEPALIVE);
        now.addAndGet(Duration.ofSeconds(29).toNanos());
        outbox.offer(click("evt_d"));
        runLoop();
        assertEquals(List.of(wire("evt_a")), socket.chunks, "29 s behind: nothing dropped, nothing written yet");
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        outbox.offer(click("evt_e"));
        socket.drain();
        runLoop();
        assertEquals(List.of(wire("evt_a"), ": dropped 3\n\n" + wire("evt_e")), socket.chunks);
        assertEquals(3, outbox.dropped());
    }

    @Test
    void endSendsWhatIsQueuedThenEnds() {
        outbox.offer(click("evt_a"));
        outbox.end(SseFrames.named("end", "{}"));
        outbox.offer(click("evt_late"));
        runLoop();
        assertEquals(List.of(wire("evt_a") + "event: end\ndata: {}\n\n"), socket.chunks);
        assertTrue(socket.ended);
    }

    @Test
    void aPageOfReplayWaitsForRoomUntilTheQueueIsWritten() {
        socket.full = true;
        for (int i = 0; i < 10; i++) {
            outbox.offer(click("evt_" + i));
        }
        var room = outbox.room(5);
        runLoop();
        assertTrue(!room.isDone(), "ten frames queued, the socket busy");
        socket.drain();
        runLoop();
        assertTrue(room.isDone());
        assertEquals(1, socket.chunks.size());
    }

    @Test
    void framesAreTheWireFormOfSpec5() {
        assertEquals("id: evt_1\nevent: click\ndata: {\"a\":1}\n\n",
                new String(SseFrames.event("evt_1", "click", "{\"a\":1}"), StandardCharsets.UTF_8));
        assertEquals(": keepalive\n\n", new String(SseFrames.KEEPALIVE, StandardCharsets.UTF_8));
        assertEquals("event: status\ndata: {\n data: }\n\n".replace("\n data", "\ndata"),
                new String(SseFrames.named("status", "{\n}"), StandardCharsets.UTF_8), "a line break never ends a frame");
    }
}
