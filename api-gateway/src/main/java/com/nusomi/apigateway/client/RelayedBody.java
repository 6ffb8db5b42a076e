package com.nusomi.apigateway.client;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;

/** A request body passed on as it arrives, never held whole. */
public interface RelayedBody {

    /** The declared length in bytes, or -1 when the body comes chunked. */
    long length();

    /**
     * Writes the body to {@code sink} chunk by chunk as it arrives, reading no faster than the sink takes it. Completes
     * once the whole body was written (the sink is not ended), fails when the body breaks off or grows past its limit.
     */
    Future<Void> relayTo(WriteStream<Buffer> sink);
}
