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
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * SDK event emit: validate, assign {@code evt_} ids, publish one {@code CaptureSignal{SdkEventSignal}} per event
 * (the event-extractor anchors it to a frame, the sealer stores it), then wait until the events are in
 * {@code catalog.events} and answer with them as stored.
 */
@ApplicationScoped
public class EventService {
    private static final Logger LOG = Logger.getLogger(EventService.class);
    static final Duration POLL = Duration.ofMillis(20);
    static final Duration FRAME_POLL = Duration.ofMillis(100);
    /** Without any frame yet the extractor holds events until the first frame: do not wait the full timeout. */
    static final Duration NO_FRAME_WAIT = Duration.ofSeconds(1);

    private final SessionService sessions;
    private final CatalogRepository catalog;
    private final SignalPublisher signals;
    private final GatewayConfig config;

    EventService(SessionService sessions, CatalogRepository catalog, SignalPublisher signals, GatewayConfig config) {
        this.sessions = sessions;
        this.catalog = catalog;
        this.signals = signals;
        this.config = config;
    }

    /** The answer of an emit: the stored events and whether the request was a batch. */
    public record Emitted(List<EventView> events, boolean batch) {}

    public Uni<Emitted> emit(String workspaceId, String sessionId, EmitRequest emit) {

        Instant receivedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<CaptureSignal> batch = new ArrayList<>();
        for (EventRequest event : emit.events()) {
            batch.add(signal(workspaceId, sessionId, event, receivedAt));
        }
        List<String> ids = batch.stream().map(CaptureSignal::getSignalId).toList();
        return sessions.recording(workspaceId, sessionId, "events")
                .call(() -> checkFrames(workspaceId, sessionId, emit))
                .call(() -> signals.publish(batch))
                .chain(() -> catalog.hasFrames(sessionId))
                .chain(anyFrame -> awaitStored(workspaceId, sessionId, ids,
                        Instant.now().plus(anyFrame ? config.eventStoreTimeout() : min(NO_FRAME_WAIT, config.eventStoreTimeout()))))
                .map(stored -> {
                    Map<String, EventRow> byId = stored.stream().collect(Collectors.toMap(EventRow::id, Function.identity()));
                    List<EventView> views = new ArrayList<>();
                    for (CaptureSignal signal : batch) {
                        EventRow row = byId.get(signal.getSignalId());
                        views.add(row != null ? EventView.of(row) : pending(signal));
                    }
                    try (var s = LogFields.with(LogFields.SESSION_ID, sessionId)) {
                        LOG.debugf("emitted %d events, %d stored", batch.size(), stored.size());
                        if (stored.size() < batch.size()) {
                            LOG.infof("%d of %d emitted events not stored yet (waiting for a frame to anchor to?)",
                                    batch.size() - stored.size(), batch.size());
                        }
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

    /** Polls the catalog for the events until all are stored or the deadline passed; answers what is stored. */
    private Uni<List<EventRow>> awaitStored(String workspaceId, String sessionId, List<String> ids, Instant deadline) {
        return catalog.events(workspaceId, sessionId, ids).chain(stored -> stored.size() == ids.size() || Instant.now().isAfter(deadline)
                ? Uni.createFrom().item(stored)
                : Uni.createFrom().voidItem().onItem().delayIt().by(POLL)
                        .chain(() -> awaitStored(workspaceId, sessionId, ids, deadline)));
    }

    private static CaptureSignal signal(String workspaceId, String sessionId, EventRequest event, Instant receivedAt) {
        String eventId = IdPrefix.EVENT.newId();
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

    /** An accepted event not stored yet (it waits for a frame to anchor to): what we know of it. */
    private static EventView pending(CaptureSignal signal) {
        var body = (SdkEventSignal) signal.getBody();
        return new EventView(body.getEventId(), signal.getSessionId(), body.getFrameId(), signal.getTMs(),
                body.getType().name(), EventPayloads.toJson(body.getPayload()), 1.0, EventSource.sdk.name(),
                signal.getReceivedAt());
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
