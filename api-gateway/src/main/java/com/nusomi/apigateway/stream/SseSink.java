package com.nusomi.apigateway.stream;

import io.vertx.core.buffer.Buffer;

/** Where a stream's bytes go: the HTTP response, called on its event loop only. */
public interface SseSink {

    /** True while earlier writes still wait for the socket; {@link #onDrain} says when to write again. */
    boolean writeQueueFull();

    /** Writes one chunk (every frame queued for the stream since the last write). */
    void write(Buffer chunk);

    /** Runs {@code ready} once the write queue has room again. */
    void onDrain(Runnable ready);

    /** Ends the response after what was written. */
    void end();

    /** Gives up on the response (the client reconnects with {@code Last-Event-ID}). */
    void abort();

    /** The client went away or the response ended. */
    boolean closed();

    /** Runs {@code cleanup} once, when the response ends or the client goes away (at once if that already happened). */
    void onTermination(Runnable cleanup);
}
