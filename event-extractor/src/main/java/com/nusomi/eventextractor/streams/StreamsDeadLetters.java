package com.nusomi.eventextractor.streams;

import com.nusomi.contracts.Topic;
import com.nusomi.eventextractor.config.ExtractorConfig;
import com.nusomi.kit.kafka.DeadLetterQueue;
import com.nusomi.kit.kafka.KafkaClients;
import io.quarkus.arc.Unremovable;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jboss.logging.Logger;

/**
 * Copies an undecodable input record, key and value byte for byte, to {@code <topic>.dlq} with the service-kit
 * dead-letter headers. Kafka Streams 4.1 has no dead-letter support of its own (KIP-1034 lands in 4.2), so this is a
 * plain idempotent producer outside the stream's transaction: a dead letter may be written twice, never lost.
 */
@Unremovable
@ApplicationScoped
public class StreamsDeadLetters {
    private static final Logger LOG = Logger.getLogger(StreamsDeadLetters.class);

    private final KafkaProducer<byte[], byte[]> producer;
    private final long timeoutMs;

    StreamsDeadLetters(KafkaClients clients, ExtractorConfig config) {
        this.timeoutMs = config.deadLetterTimeout().toMillis();
        this.producer = new KafkaProducer<>(clients.producer(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.CLIENT_ID_CONFIG, "event-extractor-dead-letters",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(timeoutMs, 1_000),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(timeoutMs, 1_000),
                ProducerConfig.LINGER_MS_CONFIG, 0)),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Returns once the broker acknowledged the dead letter; throws if it did not within the configured timeout. */
    public void send(ConsumerRecord<byte[], byte[]> record, String consumer, Exception reason) {
        var why = reason.getClass().getSimpleName() + ": " + reason.getMessage();
        var headers = new RecordHeaders(record.headers().toArray());
        headers.add(Topic.DLQ_REASON_HEADER, utf8(why));
        headers.add(Topic.DLQ_CONSUMER_HEADER, utf8(consumer));
        headers.add(DeadLetterQueue.ORIGIN_TOPIC_HEADER, utf8(record.topic()));
        headers.add(DeadLetterQueue.ORIGIN_PARTITION_HEADER, utf8(Integer.toString(record.partition())));
        headers.add(DeadLetterQueue.ORIGIN_OFFSET_HEADER, utf8(Long.toString(record.offset())));
        var dead = new ProducerRecord<>(record.topic() + Topic.DLQ_SUFFIX, null, record.key(), record.value(), headers);
        try {
            producer.send(dead).get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dead-lettering " + origin(record), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not dead-letter " + origin(record), e);
        }
        LOG.warnf("dead-lettered %s: %s", origin(record), why);
    }

    private static String origin(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @PreDestroy
    void close() {
        producer.close();
    }
}
