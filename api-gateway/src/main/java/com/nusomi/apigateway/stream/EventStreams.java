package com.nusomi.apigateway.stream;

import com.nusomi.apigateway.auth.Caller;
import com.nusomi.apigateway.config.GatewayConfig;
import com.nusomi.apigateway.persistence.EventRow;
import com.nusomi.apigateway.service.SessionService;
import com.nusomi.apigateway.stream.Live.EventArrived;
import com.nusomi.apigateway.stream.LiveFeed.Registration;
import com.nusomi.apigateway.stream.StreamCatalog.Position;
import com.nusomi.contracts.ErrorCode;
import com.nusomi.contracts.IdPrefix;
import com.nusomi.contracts.Limits;
import com.nusomi.kit.api.ApiException;
import com.nusomi.kit.logging.LogFields;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Opens session and workflow event streams (SPEC §5): limits, ownership, then the hand-over from history to live.
 *
 * <p>Hand-over: (1) read how far the session-sealer's projection committed on {@code nusomi.events} ({@code C}: below
 * it, the catalog has every event); (2) subscribe to the live feed, which answers its positions {@code H}: every event
 * at or above reaches the stream, held until the replay is done; (3) take the events in {@code [C, H)} from the feed's
 * recent copy (or, if it no longer covers {@code C}, from the topic), as the catalog may not have them yet; (4) replay
 * the catalog merged with them in stream order, each event once; (5) send the held events not replayed, and go live.
 */
@ApplicationScoped
public class EventStreams {
    private static final Logger LOG = Logger.getLogger(EventStreams.class);
    static final int PAGE = 500;
    static final String LAST_EVENT_ID = "Last-Event-ID";
    static final java.time.Duration OPEN_TIMEOUT = java.time.Duration.ofSeconds(30);

    private final LiveFeed feed;
    private final StreamCatalog catalog;
    private final TopicHistory history;
    private final StreamLimits limits;
    private final SessionService sessions;
    private final GatewayConfig.Stream config;
    private final Vertx vertx;

    EventStreams(LiveFeed feed, StreamCatalog catalog, TopicHistory history, StreamLimits limits, SessionService sessions,
                 GatewayConfig config, Vertx vertx) {
        this.feed = feed;
        this.catalog = catalog;
        this.history = history;
        this.limits = limits;
        this.sessions = sessions;
        this.config = config.stream();
        this.vertx = vertx;
    }

    /** What a stream does once the client subscribed: its replay, ending with {@link EventStream#goLive}. */
    private interface Start {
        Uni<Void> replay(EventStream stream);
    }

    /**
     * An accepted stream: {@code start} runs on {@code context} (the connection's event loop) once the response is
     * the stream's, and from then on owns it; it releases what the stream holds when the response terminates.
     */
    public record Opened(Context context, Consumer<SseSink> start) {}

    /**
     * Waits, on the worker thread serving the request, until the stream is accepted or refused: a refusal (404, 429,
     * 400) must be an ordinary error answer, and once an SSE response has started its status is 200.
     */
    public static Opened opened(Uni<Opened> opening) {
        return opening.await().atMost(OPEN_TIMEOUT);
    }

    public Uni<Opened> session(Caller caller, String sessionId, StreamFilter filter, String lastEventId) {
        checkLastEventId(lastEventId);
        Context context = context();
        var permit = limits.acquire(caller.keyId(), caller.workspaceId());
        String workspaceId = caller.workspaceId();
        EventStream stream = new EventStream(filter, config.maxQueued());
        var subscribed = new Registration[1];
        return sessions.find(workspaceId, sessionId)
                .chain(() -> blocking(history::projected))
                .chain(projected -> {
                    Registration registration = feed.subscribeSession(sessionId, stream);
                    subscribed[0] = registration;
                    // the status is read after subscribing: a seal published before is visible in the catalog
                    return sessions.find(workspaceId, sessionId).chain(session -> blocking(() -> sessionGap(registration, projected, sessionId))
                            .chain(gap -> after(workspaceId, sessionId, lastEventId, gap).map(after ->
                                    opened(context, stream, registration, permit, sessionId,
                                            s -> replaySession(s, workspaceId, sessionId, filter, after, gap, session.status())))));
                })
                .onTermination().invoke((opened, failure, cancelled) -> {
                    if (failure != null || cancelled) {
                        // refused, failed, or given up by opened() after its time-out: nothing will subscribe
                        if (subscribed[0] != null) {
                            subscribed[0].cancel().run();
                        }
                        permit.close();
                    }
                });
    }

    public Uni<Opened> workflow(Caller caller, String workflow, StreamFilter filter, String lastEventId) {
        if (!Limits.WORKFLOW_SLUG.matcher(workflow).matches()) {
            throw new ApiException(ErrorCode.INVALID_WORKFLOW_SLUG, "workflow must be a slug matching "
                    + Limits.WORKFLOW_SLUG.pattern(), "workflow");
        }
        checkLastEventId(lastEventId);
        Context context = context();
        var permit = limits.acquire(caller.keyId(), caller.workspaceId());
        String workspaceId = caller.workspaceId();
        EventStream stream = new EventStream(filter, config.maxQueued());
        if (lastEventId == null) {
            Registration registration = feed.subscribeWorkflow(workspaceId, workflow, stream);
            return Uni.createFrom().item(opened(context, stream, registration, permit, null,
                    s -> Uni.createFrom().item(() -> {
                        s.goLive(false, null, null);
                        return null;
                    })));
        }
        var subscribed = new Registration[1];
        return catalog.inWorkflow(workspaceId, workflow, lastEventId)
                .chain(known -> blocking(history::projected).chain(projected -> {
                    Registration registration = feed.subscribeWorkflow(workspaceId, workflow, stream);
                    subscribed[0] = registration;
                    return blocking(() -> workflowGap(registration, projected, workspaceId, workflow)).map(gap -> {
                    boolean inGap = gap.stream().anyMatch(e -> e.id().equals(lastEventId));
                    if (!known && !inGap) {
                        throw unknownLastEventId(lastEventId);
                    }
                    return opened(context, stream, registration, permit, null,
                            s -> replayWorkflow(s, workspaceId, workflow, filter, lastEventId, gap));
                    });
                }))
                .onTermination().invoke((opened, failure, cancelled) -> {
                    if (failure != null || cancelled) {
                        // refused, failed, or given up by opened() after its time-out: nothing will subscribe
                        if (subscribed[0] != null) {
                            subscribed[0].cancel().run();
                        }
                        permit.close();
                    }
                });
    }

    /** An accepted stream's start: outbox, keepalive, replay, and clean-up when the response terminates. */
    private Opened opened(Context context, EventStream stream, Registration registration, StreamLimits.Permit permit,
                          String sessionId, Start start) {
        return new Opened(context, sink -> {
            SseOutbox out = outbox(sink, context, config);
            stream.attach(out);
            long keepalive = vertx.setPeriodic(config.keepalive().toMillis(), id -> out.offerComment(SseFrames.KEEPALIVE));
            sink.onTermination(() -> {
                vertx.cancelTimer(keepalive);
                out.close();
                registration.cancel().run();
                permit.close();
            });
            start.replay(stream).subscribe().with(ignored -> { }, failure -> {
                try (var s = LogFields.with(LogFields.SESSION_ID, sessionId)) {
                    LOG.warnf(failure, "stream replay failed; closing the stream (the client resumes with Last-Event-ID)");
                }
                context.runOnContext(v -> sink.abort());
            });
        });
    }

    /** The outbox of a stream served on {@code context}: its drains run on the connection's event loop. */
    static SseOutbox outbox(SseSink sink, Context context, GatewayConfig.Stream config) {
        return new SseOutbox(sink, LoopHops.on(context), System::nanoTime, config.maxLag().toNanos(), config.maxQueued());
    }

    /** Replays the session's history after {@code after}, merged with the events the catalog may lack, then goes live. */
    private Uni<Void> replaySession(EventStream stream, String workspaceId, String sessionId, StreamFilter filter,
                                   Position after, List<StreamEvent> gap, String status) {
        Comparator<StreamEvent> order = StreamEvent.SESSION_ORDER;
        List<StreamEvent> pending = gap.stream().filter(filter::matches)
                .filter(e -> after == null || order.compare(e, positionEvent(after)) > 0).sorted(order).toList();
        boolean ended = "sealed".equals(status);
        return pages(stream, pending, order, cursor -> catalog.sessionEvents(workspaceId, sessionId, filter,
                        cursor == null ? after : new Position(cursor.tMs(), cursor.id()), PAGE)
                        .map(rows -> rows.stream().map(r -> StreamEvent.of(r, workspaceId)).toList()), 0, null)
                .invoke(() -> stream.goLive(ended, status, sessionId));
    }

    private Uni<Void> replayWorkflow(EventStream stream, String workspaceId, String workflow, StreamFilter filter,
                                     String afterId, List<StreamEvent> gap) {
        Comparator<StreamEvent> order = StreamEvent.WORKFLOW_ORDER;
        List<StreamEvent> pending = gap.stream().filter(filter::matches).filter(e -> e.id().compareTo(afterId) > 0)
                .sorted(order).toList();
        return pages(stream, pending, order, cursor -> catalog.workflowEvents(workspaceId, workflow, filter,
                        cursor == null ? afterId : cursor.id(), PAGE)
                        .map(rows -> rows.stream().map(r -> StreamEvent.of(r, workspaceId)).toList()), 0, null)
                .invoke(() -> stream.goLive(false, null, null));
    }

    /**
     * Sends the catalog page by page (the next page is read once the client has taken most of the previous one),
     * each catalog event preceded by the pending (not yet projected) events that sort before it.
     */
    private Uni<Void> pages(EventStream stream, List<StreamEvent> pending, Comparator<StreamEvent> order,
                            Function<StreamEvent, Uni<List<StreamEvent>>> page, int next, StreamEvent cursor) {
        return page.apply(cursor).chain(rows -> {
            int i = next;
            for (StreamEvent row : rows) {
                while (i < pending.size() && order.compare(pending.get(i), row) < 0) {
                    stream.replay(pending.get(i++));
                }
                stream.replay(row);
            }
            if (rows.size() < PAGE) {
                while (i < pending.size()) {
                    stream.replay(pending.get(i++));
                }
                return Uni.createFrom().voidItem();
            }
            int from = i;
            StreamEvent last = rows.get(rows.size() - 1);
            return Uni.createFrom().completionStage(stream.room(PAGE / 5))
                    .chain(() -> pages(stream, pending, order, page, from, last));
        });
    }

    /**
     * The events below the subscription's positions and at or above what the catalog is known to hold: from the
     * feed's recent copy when it reaches back far enough, else read from the topic.
     */
    private List<StreamEvent> gap(Registration registration, Map<Integer, Long> projected, List<Integer> partitions) {
        List<StreamEvent> gap = new ArrayList<>();
        for (int p : partitions) {
            Long from = projected.get(p);
            long to = registration.positions().getOrDefault(p, 0L);
            if (from != null && from >= to) {
                continue;
            }
            if (from != null && from >= registration.recentFrom().getOrDefault(p, Long.MAX_VALUE)) {
                for (EventArrived a : registration.recent().getOrDefault(p, List.of())) {
                    if (a.offset() >= from && a.offset() < to) {
                        gap.add(a.event());
                    }
                }
            } else {
                history.read(p, from, to).forEach(a -> gap.add(a.event()));
            }
        }
        return gap;
    }

    private List<StreamEvent> sessionGap(Registration registration, Map<Integer, Long> projected, String sessionId) {
        return gap(registration, projected, List.of(feed.partitionOf(sessionId))).stream()
                .filter(e -> e.sessionId().equals(sessionId)).toList();
    }

    /** The gap of a workflow stream: events of the workflow's sessions only (each session looked up once). */
    private List<StreamEvent> workflowGap(Registration registration, Map<Integer, Long> projected, String workspaceId,
                                          String workflow) {
        Map<String, Boolean> ofWorkflow = new HashMap<>();
        List<StreamEvent> gap = new ArrayList<>();
        for (StreamEvent e : gap(registration, projected, List.copyOf(registration.positions().keySet()))) {
            if (e.workspaceId().equals(workspaceId) && ofWorkflow.computeIfAbsent(e.sessionId(),
                    id -> workflow.equals(catalog.workflowOf(id).orElse(null)))) {
                gap.add(e);
            }
        }
        return gap;
    }

    /** The (t_ms, id) after which a reconnecting session stream resumes: the catalog's, else the not yet projected event's. */
    private Uni<Position> after(String workspaceId, String sessionId, String lastEventId, List<StreamEvent> gap) {
        if (lastEventId == null) {
            return Uni.createFrom().nullItem();
        }
        Map<String, StreamEvent> pending = new HashMap<>();
        gap.forEach(e -> pending.put(e.id(), e));
        return catalog.position(workspaceId, sessionId, lastEventId).map(found -> found.orElseGet(() -> {
            StreamEvent e = pending.get(lastEventId);
            if (e == null) {
                throw unknownLastEventId(lastEventId);
            }
            return new Position(e.tMs(), e.id());
        }));
    }

    /** The request's context: the outbox emits there, on the connection's event loop. */
    private Context context() {
        return Optional.ofNullable(Vertx.currentContext()).orElseGet(vertx::getOrCreateContext);
    }

    private static StreamEvent positionEvent(Position p) {
        return new StreamEvent(p.id(), null, null, null, p.tMs(), null, null, 0, null, null, (byte[]) null);
    }

    private static void checkLastEventId(String lastEventId) {
        if (lastEventId != null && !IdPrefix.EVENT.matches(lastEventId)) {
            throw ApiException.invalidRequest(LAST_EVENT_ID + " must be an event id (evt_…) this stream sent", LAST_EVENT_ID);
        }
    }

    private static ApiException unknownLastEventId(String id) {
        return ApiException.invalidRequest(LAST_EVENT_ID + " " + id + " is not an event of this stream", LAST_EVENT_ID);
    }

    private static <T> Uni<T> blocking(java.util.function.Supplier<T> work) {
        return Uni.createFrom().item(work).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
