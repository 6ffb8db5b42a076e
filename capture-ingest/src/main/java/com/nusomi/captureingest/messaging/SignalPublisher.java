package com.nusomi.captureingest.messaging;

import com.nusomi.contracts.Topic;
import com.nusomi.contracts.avro.CaptureSignal;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/** Publishes raw input signals as {@link CaptureSignal} on {@code nusomi.capture.signals}, keyed by session id. */
@ApplicationScoped
public class SignalPublisher {
    public static final String CHANNEL = "capture-signals";

    @Inject
    @Channel(CHANNEL)
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 8192)
    MutinyEmitter<CaptureSignal> emitter;

    /** Sends the records in order; completes when the broker acknowledged every one, fails if any send failed. */
    public Uni<Void> publish(List<CaptureSignal> records) {
        List<Uni<Void>> sends = records.stream().map(this::send).toList();
        return Uni.join().all(sends).andCollectFailures().replaceWithVoid();
    }

    private Uni<Void> send(CaptureSignal record) {
        var metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(Topic.CAPTURE_SIGNALS.topicName())
                .withKey(record.getSessionId())
                .build();
        return emitter.sendMessage(Message.of(record).addMetadata(metadata));
    }
}
