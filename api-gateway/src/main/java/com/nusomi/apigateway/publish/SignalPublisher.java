package com.nusomi.apigateway.publish;

import com.nusomi.contracts.avro.CaptureSignal;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** SDK-emitted events as {@link CaptureSignal}s on {@code nusomi.capture.signals}, keyed by session id. */
@ApplicationScoped
public class SignalPublisher {
    public static final String CHANNEL = "capture-signals";

    private final MutinyEmitter<CaptureSignal> signals;

    SignalPublisher(@Channel(CHANNEL) MutinyEmitter<CaptureSignal> signals) {
        this.signals = signals;
    }

    /** Sends the signals in order (one session: one partition) and completes when the broker acknowledged all. */
    public Uni<Void> publish(List<CaptureSignal> batch) {
        List<Uni<Void>> sends = batch.stream()
                .map(signal -> signals.sendMessage(Keyed.message(signal.getSessionId(), signal)))
                .toList();
        return Uni.join().all(sends).andFailFast().replaceWithVoid();
    }
}
