package com.nusomi.kit.kafka;

import com.nusomi.contracts.Topic;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/** Sends a poison record, byte for byte, to {@code <topic>.dlq} with the reason in headers. */
@ApplicationScoped
public class DeadLetterQueue {
    private static final Logger LOG = Logger.getLogger(DeadLetterQueue.class);
    public static final String ORIGIN_TOPIC_HEADER = "nusomi-dlq-topic";
    public static final String ORIGIN_PARTITION_HEADER = "nusomi-dlq-partition";
    public static final String ORIGIN_OFFSET_HEADER = "nusomi-dlq-offset";

    private final KafkaProducer<String, byte[]> producer;

    DeadLetterQueue(KafkaClients clients) {
        this.producer = new KafkaProducer<>(clients.producer(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.CLIENT_ID_CONFIG, "dead-letter-" + ProcessHandle.current().pid())),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** Completes once the broker has the dead letter. */
    public CompletableFuture<Void> send(ConsumerRecord<String, byte[]> record, String consumer, Throwable reason) {
        var headers = new RecordHeaders(record.headers().toArray());
        headers.add(Topic.DLQ_REASON_HEADER, utf8(reasonOf(reason)));
        headers.add(Topic.DLQ_CONSUMER_HEADER, utf8(consumer));
        headers.add(ORIGIN_TOPIC_HEADER, utf8(record.topic()));
        headers.add(ORIGIN_PARTITION_HEADER, utf8(Integer.toString(record.partition())));
        headers.add(ORIGIN_OFFSET_HEADER, utf8(Long.toString(record.offset())));
        var dead = new ProducerRecord<>(record.topic() + Topic.DLQ_SUFFIX, null, record.key(), record.value(), headers);
        var done = new CompletableFuture<Void>();
        producer.send(dead, (metadata, error) -> {
            if (error != null) {
                done.completeExceptionally(error);
            } else {
                LOG.warnf("dead-lettered %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), reasonOf(reason));
                done.complete(null);
            }
        });
        return done;
    }

    private static String reasonOf(Throwable reason) {
        return reason.getClass().getSimpleName() + ": " + reason.getMessage();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @PreDestroy
    void close() {
        producer.close();
    }
}
