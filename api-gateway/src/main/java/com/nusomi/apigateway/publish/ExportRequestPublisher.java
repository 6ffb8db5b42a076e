package com.nusomi.apigateway.publish;

import com.nusomi.contracts.avro.ExportRequest;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** {@link ExportRequest}s on {@code nusomi.exports.requests}, keyed by export id. */
@ApplicationScoped
public class ExportRequestPublisher {
    public static final String CHANNEL = "export-requests";

    private final MutinyEmitter<ExportRequest> requests;

    ExportRequestPublisher(@Channel(CHANNEL) MutinyEmitter<ExportRequest> requests) {
        this.requests = requests;
    }

    /** Completes when the broker acknowledged the request. */
    public Uni<Void> publish(ExportRequest request) {
        return requests.sendMessage(Keyed.message(request.getExportId(), request));
    }
}
