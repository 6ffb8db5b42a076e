package com.nusomi.apigateway.service;

import com.nusomi.apigateway.config.GatewayConfig;
import com.nusomi.apigateway.mapping.EmitRequest;
import com.nusomi.apigateway.mapping.EventRequest;
import com.nusomi.apigateway.mapping.EventView;
import com.nusomi.apigateway.persistence.CatalogRepository;
import com.nusomi.apigateway.persistence.CatalogRepository.EventQuery;
import com.nusomi.apigateway.persistence.EventRow;
import com.nusomi.apigateway.publish.SignalPublisher;
import com.nusomi.contracts.IdPrefix;
import com.nusomi.contracts.avro.CaptureSignal;
import com.nusomi.contracts.avro.EventSource;
import com.nusomi.contracts.avro.SdkEventSignal;
import com.nusomi.kit.api.ApiException;
import com.nusomi.kit.json.EventPayloads;
import com.nusomi.kit.logging.LogFields;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * SDK event emit: validate, mint {@code evt_} ids at the edge, publish one {@code CaptureSignal{SdkEventSignal}} per
 * event (the event-extractor anchors it to a frame, the sealer stores it) and answer once Kafka acknowledged them
 * (acks=all), with the frame each is anchored to looked up at the edge in the same round trip ({@link EventAnchors}).
 * Nothing waits for the pipeline to store the events: what Kafka acknowledged will be stored.
 */
@ApplicationScoped
public class EventService {
    private static final Logger LOG = Logger.getLogger(EventService.class);
    static final Duration FRAME_POLL = Duration.ofMillis(100);
    /** SPEC: emitted events have confidence 1.0. */
    static final double SDK_CONFIDENCE = 1.0;

    private final SessionService sessions;
    private final CatalogRepository catalog;
    private final SignalPublisher signals;
    private final EventAnchors anchors;
    private final GatewayConfig config;
    private final IdempotentIds ids;

    EventService(SessionService sessions, CatalogRepository catalog, SignalPublisher signals, EventAnchors anchors,
                 GatewayConfig config, IdempotentIds ids) {
        this.ids = ids;
        this.sessions = sessions;
        this.catalog = catalog;
        this.signals = signals;
        this.anchors = anchors;
        this.config = config;
    }

    /** The answer of an emit: the accepted events and whether the request was a batch. */
    public record Emitted(List<EventView> events, boolean batch) {}

    public Uni<Emitted> emit(String workspaceId, String sessionId, EmitRequest emit) {

        Instant receivedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<CaptureSignal> batch = new ArrayList<>();
        for (EventRequest event : emit.events()) {
            batch.add(signal(ids.next(IdPrefix.EVENT), workspaceId, sessionId, event, receivedAt));
        }
        List<Long> unanchored = emit.events().stream().filter(e -> e.frameId() == null).map(EventRequest::tMs).toList();
        return sessions.recording(workspaceId, sessionId, "events")
                .call(() -> checkFrames(workspaceId, sessionId, emit))
                .chain(() -> Uni.combine().all().unis(signals.publish(batch), anchors.anchors(sessionId, unanchored))
                        .with((acked, frames) -> frames))
                .map(frames -> {
                    List<EventView> views = new ArrayList<>(batch.size());
                    for (CaptureSignal signal : batch) {
                        views.add(accepted(signal, frames));
                    }
                    try (var s = LogFields.with(LogFields.SESSION_ID, sessionId)) {
                        LOG.debugf("emitted %d events (acknowledged by Kafka)", batch.size());
                    }
                    return new Emitted(views, emit.batch());
                });
    }

    public Uni<List<EventRow>> list(String workspaceId, String sessionId, EventQuery query) {
        return sessions.find(workspaceId, sessionId).chain(session -> catalog.events(workspaceId, sessionId, query));
    }

    /** A given frame_id must be a frame of this session; a just-uploaded one may need a moment to reach the catalog. */
    private Uni<Void> checkFrames(String workspaceId, String sessionId, EmitRequest emit) {
        Instant deadline = Instant.now().plus(config.frameLookupGrace());
        List<EventRequest> events = emit.events();
        return Multi.createFrom().range(0, events.size())
                .filter(i -> events.get(i).frameId() != null)
                .onItem().transformToUniAndConcatenate(i -> awaitFrame(workspaceId, sessionId, events.get(i).frameId(), deadline)
                        .invoke(found -> {
                            String param = (emit.batch() ? "events[" + i + "]." : "") + "frame_id";
                            if (!found) {
                                throw ApiException.invalidRequest(param + " " + events.get(i).frameId()
                                        + " is not a frame of session " + sessionId, param);
                            }
                        }))
                .collect().last()
                .replaceWithVoid();
    }

    private Uni<Boolean> awaitFrame(String workspaceId, String sessionId, String frameId, Instant deadline) {
        return catalog.frameExists(workspaceId, sessionId, frameId).chain(found -> found || Instant.now().isAfter(deadline)
                ? Uni.createFrom().item(found)
                : Uni.createFrom().voidItem().onItem().delayIt().by(FRAME_POLL)
                        .chain(() -> awaitFrame(workspaceId, sessionId, frameId, deadline)));
    }

    /** {@code eventId}: minted at the edge (the same on a retry with the same Idempotency-Key, see IdempotentIds). */
    private static CaptureSignal signal(String eventId, String workspaceId, String sessionId, EventRequest event,
                                        Instant receivedAt) {
        return CaptureSignal.newBuilder()
                .setSignalId(eventId)
                .setSessionId(sessionId)
                .setWorkspaceId(workspaceId)
                .setTMs(event.tMs())
                .setBody(SdkEventSignal.newBuilder()
                        .setEventId(eventId)
                        .setType(event.type())
                        .setPayload(event.avroPayload())
                        .setFrameId(event.frameId())
                        .build())
                .setReceivedAt(receivedAt)
                .build();
    }

    /**
     * An accepted event as it will be stored: its given frame_id, else the edge's anchor, else null (the session has no
     * frame yet: the extractor holds the event until the first frame arrives, SPEC).
     */
    private static EventView accepted(CaptureSignal signal, Map<Long, String> frames) {
        var body = (SdkEventSignal) signal.getBody();
        String frameId = body.getFrameId() != null ? body.getFrameId() : frames.get(signal.getTMs());
        return new EventView(body.getEventId(), signal.getSessionId(), frameId, signal.getTMs(),
                body.getType().name(), EventPayloads.toJson(body.getPayload()), SDK_CONFIDENCE, EventSource.sdk.name(),
                signal.getReceivedAt());
    }
}
