package com.nusomi.sessionsealer.health;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only once the {@code nusomi.sessions.commands} consumer has joined its group: before that, a command the
 * gateway sends waits for the join and the caller's request may time out (seen on the first create after a start).
 * An empty assignment counts (more sealers than partitions); joining is what matters.
 */
@Readiness
@ApplicationScoped
@Identifier(CommandsGroupReadiness.NAME)
public class CommandsGroupReadiness implements HealthCheck, KafkaConsumerRebalanceListener {
    /** Named by {@code mp.messaging.incoming.session-commands.consumer-rebalance-listener.name}. */
    public static final String NAME = "session-commands-group";
    private final AtomicInteger assigned = new AtomicInteger(-1);

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        assigned.set(consumer.assignment().size());
    }

    @Override
    public HealthCheckResponse call() {
        int partitions = assigned.get();
        var builder = HealthCheckResponse.named("session-commands-group");
        return partitions < 0
                ? builder.down().withData("reason", "not yet joined the session-sealer group").build()
                : builder.up().withData("partitions", partitions).build();
    }
}
