package com.nusomi.apigateway.stream;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayList;
import java.util.List;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;

/**
 * A stream written straight to the Vert.x response: one {@code write} per drain of the outbox, instead of RESTEasy's
 * serialise-and-flush per frame. The request stays suspended in RESTEasy until the stream ends; then its context is
 * closed, as RESTEasy's own streaming does.
 */
final class VertxSseSink implements SseSink {
    private final HttpServerResponse response;
    private final ResteasyReactiveRequestContext request;
    private final List<Runnable> cleanups = new ArrayList<>();
    private volatile boolean terminated;

    VertxSseSink(HttpServerResponse response, ResteasyReactiveRequestContext request) {
        this.response = response;
        this.request = request;
        // through RESTEasy's hook: Vert.x keeps one close handler per response, and RESTEasy may hold it
        request.serverResponse().addCloseHandler(this::terminate);
    }

    @Override
    public boolean writeQueueFull() {
        return response.writeQueueFull();
    }

    @Override
    public void write(Buffer chunk) {
        if (!closed()) {
            // no completion handler: Vert.x then writes with Netty's void promise (no future nor listener per write);
            // a failed write closes the connection, which the close handler sees
            response.write(chunk, null);
        }
    }

    @Override
    public void onDrain(Runnable ready) {
        response.drainHandler(v -> ready.run());
    }

    @Override
    public void end() {
        if (!closed() && !gone()) {
            response.end();
        }
        terminate();
    }

    @Override
    public void abort() {
        if (!closed() && !gone()) {
            response.reset();
        }
        terminate();
    }

    /** Whether the response already ended or its connection closed before the stream took it over. */
    boolean gone() {
        return response.closed() || response.ended();
    }

    /** From the sink's own flag (set by the close handler, end and abort): asking Vert.x takes its connection's lock. */
    @Override
    public boolean closed() {
        return terminated;
    }

    @Override
    public void onTermination(Runnable cleanup) {
        boolean now;
        synchronized (this) {
            now = terminated;
            if (!now) {
                cleanups.add(cleanup);
            }
        }
        if (now) {
            cleanup.run();
        } else if (gone()) {
            terminate();
        }
    }

    private void terminate() {
        List<Runnable> run;
        synchronized (this) {
            if (terminated) {
                return;
            }
            terminated = true;
            run = List.copyOf(cleanups);
            cleanups.clear();
        }
        run.forEach(Runnable::run);
        request.close();
    }
}
