package com.nusomi.eventextractor.streams;

import com.nusomi.kit.health.RegistryReadiness;
import io.quarkus.arc.Arc;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * A record on an input topic that cannot be deserialized is data, not a failure: it goes to {@code <topic>.dlq} and
 * the task continues. With the schema registry unreachable nothing can be judged poison, and when the dead letter
 * cannot be written the record must not be skipped: both fail the stream thread, which is replaced and retries.
 */
public class DeadLetteringDeserializationHandler implements DeserializationExceptionHandler {
    private static final Logger LOG = Logger.getLogger(DeadLetteringDeserializationHandler.class);

    private String consumer;
    private StreamsDeadLetters deadLetters;
    private RegistryReadiness registry;

    @Override
    public void configure(Map<String, ?> configs) {
        consumer = String.valueOf(configs.get(StreamsConfig.APPLICATION_ID_CONFIG));
        // Kafka Streams instantiates handlers by class name: reach the application's beans through the container.
        deadLetters = Arc.container().instance(StreamsDeadLetters.class).get();
        registry = Arc.container().select(RegistryReadiness.class, Readiness.Literal.INSTANCE).get();
    }

    @Override
    public DeserializationHandlerResponse handle(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
                                                 Exception exception) {
        if (registry.call().getStatus() != HealthCheckResponse.Status.UP) {
            LOG.errorf("cannot decode %s-%d@%d while the schema registry is unreachable; retrying instead of dead-lettering",
                    record.topic(), record.partition(), record.offset());
            return DeserializationHandlerResponse.FAIL;
        }
        try {
            deadLetters.send(record, consumer, exception);
            return DeserializationHandlerResponse.CONTINUE;
        } catch (RuntimeException e) {
            LOG.errorf(e, "cannot dead-letter %s-%d@%d; failing the stream thread", record.topic(), record.partition(),
                    record.offset());
            return DeserializationHandlerResponse.FAIL;
        }
    }
}
