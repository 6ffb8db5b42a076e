package com.nusomi.eventextractor.streams;

import com.nusomi.eventextractor.config.ExtractorConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.jboss.logging.Logger;

/**
 * A stream thread that dies (broker unreachable past timeouts, a dead letter that cannot be written) is replaced after
 * a pause: under exactly-once its uncommitted work is aborted and redone, so nothing is lost or doubled.
 */
@ApplicationScoped
public class ReplaceFailedStreamThread implements StreamsUncaughtExceptionHandler {
    private static final Logger LOG = Logger.getLogger(ReplaceFailedStreamThread.class);
    public static final String METER = "nusomi.extractor.stream.thread.replacements";

    private final long backoffMs;
    private final Counter replacements;

    ReplaceFailedStreamThread(ExtractorConfig config, MeterRegistry registry) {
        this.backoffMs = config.threadReplaceBackoff().toMillis();
        this.replacements = Counter.builder(METER).description("Stream threads replaced after an uncaught exception")
                .register(registry);
    }

    @Override
    public StreamThreadExceptionResponse handle(Throwable exception) {
        LOG.errorf(exception, "stream thread failed; replacing it in %d ms", backoffMs);
        replacements.increment();
        try {
            Thread.sleep(backoffMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
}
