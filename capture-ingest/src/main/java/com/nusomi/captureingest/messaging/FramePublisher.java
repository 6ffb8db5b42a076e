package com.nusomi.captureingest.messaging;

import com.nusomi.contracts.Topic;
import com.nusomi.contracts.avro.FrameCaptured;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/** Publishes {@link FrameCaptured} on {@code nusomi.capture.frames}, keyed by session id (Apicurio Avro serde). */
@ApplicationScoped
public class FramePublisher {
    public static final String CHANNEL = "capture-frames";

    @Inject
    @Channel(CHANNEL)
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
    MutinyEmitter<FrameCaptured> emitter;

    /** Sends the records in order; completes when the broker acknowledged every one, fails if any send failed. */
    public Uni<Void> publish(List<FrameCaptured> records) {
        List<Uni<Void>> sends = records.stream().map(this::send).toList();
        return Uni.join().all(sends).andCollectFailures().replaceWithVoid();
    }

    private Uni<Void> send(FrameCaptured record) {
        var metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(Topic.CAPTURE_FRAMES.topicName())
                .withKey(record.getSessionId())
                .build();
        return emitter.sendMessage(Message.of(record).addMetadata(metadata));
    }
}
