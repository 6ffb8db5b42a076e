package com.nusomi.eventextractor.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while Kafka Streams is RUNNING: tasks assigned and state restored. Quarkus registers its own state check
 * as liveness only (DOWN in ERROR, so the process gets restarted) and checks topics for readiness.
 */
@Readiness
@ApplicationScoped
public class KafkaStreamsRunning implements HealthCheck {
    private final KafkaStreams streams;

    KafkaStreamsRunning(KafkaStreams streams) {
        this.streams = streams;
    }

    @Override
    public HealthCheckResponse call() {
        var state = streams.state();
        return HealthCheckResponse.named("kafka-streams-running")
                .status(state == KafkaStreams.State.RUNNING)
                .withData("state", state.name())
                .build();
    }
}
