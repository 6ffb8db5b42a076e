package com.nusomi.captureingest.messaging;

import com.nusomi.captureingest.rest.SignalBatchReader;
import com.nusomi.captureingest.service.SignalIngestService;
import com.nusomi.contracts.IdPrefix;
import com.nusomi.contracts.avro.SignalUpload;
import com.nusomi.kit.api.ApiException;
import com.nusomi.kit.kafka.GuardedConsumer;
import com.nusomi.kit.kafka.PoisonRecordException;
import com.nusomi.kit.logging.LogFields;
import com.nusomi.kit.retry.RetryPolicy;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code nusomi.capture.signals.inbound} (group {@value #CONSUMER}): signal uploads of capture agents inside
 * the cluster, checked, masked, deduplicated by seq and published exactly like {@code POST
 * /internal/v1/sessions/{id}/signals} (the same reader and service). What the HTTP path refuses with a 4xx (unknown or
 * sealed session, invalid signals, t_ms backwards, a seq stored with another kind) and what is not a SignalUpload go to
 * {@code nusomi.capture.signals.inbound.dlq} with the error as the reason; the partition goes on. Database or Kafka
 * failures are retried in place.
 */
@ApplicationScoped
public class InboundSignalListener {
    public static final String CHANNEL = "capture-signals-inbound";
    public static final String CONSUMER = "capture-ingest";
    static final RetryPolicy RETRY = RetryPolicy.forever(Duration.ofMillis(200), Duration.ofSeconds(10));

    private final GuardedConsumer guarded;
    private final SignalBatchReader reader;
    private final SignalIngestService ingest;

    InboundSignalListener(GuardedConsumer guarded, SignalBatchReader reader, SignalIngestService ingest) {
        this.guarded = guarded;
        this.reader = reader;
        this.ingest = ingest;
    }

    /** Blocking: decoding may fetch the writer's schema from the registry synchronously the first time. */
    @Incoming(CHANNEL)
    @Blocking
    public Uni<Void> consume(ConsumerRecord<String, byte[]> record) {
        return guarded.consume(record, CONSUMER, SignalUpload.class, this::ingest);
    }

    private Uni<Void> ingest(SignalUpload upload) {
        String sessionId = upload.getSessionId();
        try (var s = LogFields.with(LogFields.SESSION_ID, sessionId)) {
            if (!IdPrefix.SESSION.matches(sessionId)) {
                throw new PoisonRecordException("session_not_found: " + sessionId + " is not a session id");
            }
            if (upload.getWorkspaceId() != null && !IdPrefix.WORKSPACE.matches(upload.getWorkspaceId())) {
                throw new PoisonRecordException("invalid_request: workspace_id must be a workspace id (wsp_…)");
            }
            Uni<Void> work = Uni.createFrom().deferred(() -> ingest.recordingSession(sessionId, upload.getWorkspaceId()))
                    .map(workspace -> reader.read(sessionId, workspace, upload.getBody()))
                    .chain(ingest::ingest)
                    .replaceWithVoid()
                    .onFailure(e -> e instanceof ApiException a && a.httpStatus() < 500).transform(InboundSignalListener::poison);
            return RETRY.retrying(work);
        }
    }

    /** A refusal the HTTP path answers with a 4xx: the record can never pass, so it is dead-lettered with the error. */
    private static PoisonRecordException poison(Throwable failure) {
        ApiException e = (ApiException) failure;
        return new PoisonRecordException(e.code().code() + (e.param() == null ? "" : " (" + e.param() + ")") + ": "
                + e.getMessage(), e);
    }
}
