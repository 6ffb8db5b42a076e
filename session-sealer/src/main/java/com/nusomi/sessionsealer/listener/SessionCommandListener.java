package com.nusomi.sessionsealer.listener;

import com.nusomi.contracts.avro.SessionCommand;
import com.nusomi.kit.kafka.GuardedConsumer;
import com.nusomi.kit.retry.RetryPolicy;
import com.nusomi.sessionsealer.service.SessionCommandService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * {@code nusomi.sessions.commands}: one command at a time, in partition order, so one session's commands apply in the
 * order the gateway sent them. The record is acknowledged (its offset committable) only once the reply was acked;
 * infrastructure failures are retried in place, poison goes to the dead-letter topic.
 */
@ApplicationScoped
public class SessionCommandListener {
    private static final Logger LOG = Logger.getLogger(SessionCommandListener.class);
    static final String CHANNEL = "session-commands";
    static final String CONSUMER = "session-sealer";
    private static final RetryPolicy RETRY = RetryPolicy.forever(Duration.ofMillis(200), Duration.ofSeconds(5));

    private final GuardedConsumer guarded;
    private final SessionCommandService service;

    SessionCommandListener(GuardedConsumer guarded, SessionCommandService service) {
        this.guarded = guarded;
        this.service = service;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(ConsumerRecord<String, byte[]> record) {
        // the guarded consumer decodes off the event loop (registry calls); failures that may pass hold the partition
        return RETRY.retrying(guarded.consume(record, CONSUMER, SessionCommand.class, service::handle)
                .onFailure().invoke(e -> LOG.warnf(e, "command %s-%d@%d failed, retrying", record.topic(),
                        record.partition(), record.offset())));
    }
}
