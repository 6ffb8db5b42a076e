package com.nusomi.sessionsealer.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.nusomi.contracts.ErrorCode;
import com.nusomi.contracts.IdPrefix;
import com.nusomi.contracts.Limits;
import com.nusomi.contracts.Topic;
import com.nusomi.contracts.avro.CreateSession;
import com.nusomi.contracts.avro.DeleteSession;
import com.nusomi.contracts.avro.SessionCommand;
import com.nusomi.contracts.avro.SessionCommandReply;
import com.nusomi.contracts.avro.SessionSnapshot;
import com.nusomi.contracts.avro.SessionStatus;
import com.nusomi.contracts.avro.StartSession;
import com.nusomi.contracts.avro.StopSession;
import com.nusomi.contracts.avro.TagSession;
import com.nusomi.kit.kafka.PoisonRecordException;
import com.nusomi.kit.logging.LogFields;
import com.nusomi.sessionsealer.client.KafkaOffsets;
import com.nusomi.sessionsealer.mapping.Snapshots;
import com.nusomi.sessionsealer.persistence.DeliveryRepository;
import com.nusomi.sessionsealer.persistence.SessionRepository;
import com.nusomi.sessionsealer.persistence.SessionRepository.NewSession;
import com.nusomi.sessionsealer.persistence.SessionRow;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.apache.kafka.common.IsolationLevel;
import org.jboss.logging.Logger;

/**
 * The SPEC §3 state machine, applied to one {@link SessionCommand} at a time. Each accepted command is one transaction
 * (state change + lifecycle outbox row + stored reply); the lifecycle and then the reply are published after the commit.
 * A command already applied (redelivered after a crash) gets its stored reply again, byte for byte.
 */
@ApplicationScoped
public class SessionCommandService {
    private static final Logger LOG = Logger.getLogger(SessionCommandService.class);

    private final Pool pool;
    private final SessionRepository sessions;
    private final DeliveryRepository deliveries;
    private final Delivery delivery;
    private final KafkaOffsets offsets;
    private final CatalogProgress progress;
    private final MeterRegistry metrics;

    SessionCommandService(Pool pool, SessionRepository sessions, DeliveryRepository deliveries, Delivery delivery,
                          KafkaOffsets offsets, CatalogProgress progress, MeterRegistry metrics) {
        this.pool = pool;
        this.sessions = sessions;
        this.deliveries = deliveries;
        this.delivery = delivery;
        this.offsets = offsets;
        this.progress = progress;
        this.metrics = metrics;
    }

    public Uni<Void> handle(SessionCommand command) {
        String kind = kindOf(command);
        return deliveries.storedReply(pool, command.getCommandId())
                .chain(stored -> stored.isPresent()
                        ? Uni.createFrom().item(new Decision(stored.get(), "redelivered"))
                        : apply(command, kind))
                .call(decision -> delivery.flushLifecycle(command.getSessionId())
                        .chain(() -> delivery.sendReply(command.getSessionId(), decision.reply())))
                .invoke(decision -> {
                    metrics.counter("nusomi.sealer.commands", "command", kind, "result", decision.result()).increment();
                    try (var s = LogFields.with(LogFields.SESSION_ID, command.getSessionId())) {
                        LOG.infof("%s %s: %s", kind, command.getCommandId(), decision.result());
                    }
                })
                .replaceWithVoid();
    }

    private Uni<Decision> apply(SessionCommand command, String kind) {
        return switch (command.getBody()) {
            case CreateSession create -> create(command, create);
            case StartSession ignored -> start(command);
            case StopSession ignored -> stop(command);
            case DeleteSession ignored -> delete(command);
            case TagSession tag -> tag(command, tag);
            default -> throw new PoisonRecordException("unsupported command body " + kind);
        };
    }

    /** Created, or — for the same session id in the same workspace — the existing session (a retried create). */
    private Uni<Decision> create(SessionCommand command, CreateSession create) {
        NewSession row;
        try {
            row = newSession(command, create);
        } catch (Rejection r) {
            return reject(command, r.code, r.getMessage());
        }
        return pool.withTransaction(tx -> sessions.insert(tx, row).chain(inserted -> sessions.find(tx, row.id())
                .chain(found -> {
                    SessionRow session = found.orElseThrow();
                    if (inserted) {
                        return transition(tx, command, null, Snapshots.of(session));
                    }
                    if (!session.workspaceId().equals(command.getWorkspaceId())) {
                        return reject(command, ErrorCode.INVALID_REQUEST, "session id " + row.id() + " is already in use");
                    }
                    return ok(command, Snapshots.of(session), "existing");
                })));
    }

    private Uni<Decision> start(SessionCommand command) {
        return pool.withTransaction(tx -> locked(tx, command).chain(found -> {
            if (found.isEmpty()) {
                return notFound(command);
            }
            SessionRow session = found.get();
            if (session.status() != SessionStatus.created) {
                return reject(command, ErrorCode.INVALID_STATE,
                        "session is " + session.status() + "; only a created session can be started");
            }
            return sessions.start(tx, session.id(), command.getIssuedAt(), now())
                    .chain(started -> transition(tx, command, SessionStatus.created, Snapshots.of(started)));
        }));
    }

    /**
     * Records the stop watermark, waits (without blocking a thread) until the frames projection has passed it — so
     * every frame sent before the stop is counted — then stops the session, or answers 422 when it has no frame.
     */
    private Uni<Decision> stop(SessionCommand command) {
        return sessions.find(pool, command.getSessionId()).chain(found -> {
            Optional<SessionRow> visible = found.filter(s -> s.workspaceId().equals(command.getWorkspaceId()));
            if (visible.isEmpty()) {
                return notFound(command);
            }
            if (visible.get().status() != SessionStatus.recording) {
                return reject(command, ErrorCode.INVALID_STATE,
                        "session is " + visible.get().status() + "; only a recording session can be stopped");
            }
            return stopWatermark().chain(watermark -> progress.frames().await(watermark.frames())
                    .chain(() -> pool.withTransaction(tx -> locked(tx, command).chain(locked -> {
                        SessionRow session = locked.orElseThrow();
                        if (session.status() == SessionStatus.stopped || session.status() == SessionStatus.sealed) {
                            return ok(command, Snapshots.of(session), "already-stopped"); // idle timeout came first
                        }
                        if (session.status() != SessionStatus.recording) {
                            return reject(command, ErrorCode.INVALID_STATE,
                                    "session is " + session.status() + "; only a recording session can be stopped");
                        }
                        if (session.frameCount() == 0) {
                            return reject(command, ErrorCode.SESSION_EMPTY,
                                    "session has no frames and cannot be sealed; it stays recording");
                        }
                        return sessions.stop(tx, session.id(), command.getIssuedAt(), watermark.toJson())
                                .chain(stopped -> transition(tx, command, SessionStatus.recording, Snapshots.of(stopped)));
                    }))));
        });
    }

    private Uni<Decision> delete(SessionCommand command) {
        return pool.withTransaction(tx -> locked(tx, command).chain(found -> {
            if (found.isEmpty()) {
                return notFound(command);
            }
            SessionRow session = found.get();
            return sessions.delete(tx, session.id(), now()).chain(() ->
                    transition(tx, command, session.status(), Snapshots.of(session, SessionStatus.deleted)));
        }));
    }

    /**
     * Appends {@code {name, data, t_ms}} to the session's tags. Sealed sessions are immutable (409 invalid_state). The
     * reply is stored but no lifecycle record is written: a tag is not a transition. Without {@code t_ms} the tag is
     * placed at the milliseconds since the session started (0 before the start), on the clock the command was issued.
     */
    private Uni<Decision> tag(SessionCommand command, TagSession tag) {
        if (tag.getName().isBlank() || tag.getName().length() > Limits.TAG_NAME_MAX_CHARS) {
            return reject(command, ErrorCode.INVALID_REQUEST, "tag name must be 1 to " + Limits.TAG_NAME_MAX_CHARS + " characters");
        }
        if (tag.getTMs() != null && tag.getTMs() < 0) {
            return reject(command, ErrorCode.INVALID_REQUEST, "tag t_ms must be ≥ 0");
        }
        return pool.withTransaction(tx -> locked(tx, command).chain(found -> {
            if (found.isEmpty()) {
                return notFound(command);
            }
            SessionRow session = found.get();
            if (session.status() == SessionStatus.sealed) {
                return reject(command, ErrorCode.INVALID_STATE, "session is sealed; sealed sessions are immutable");
            }
            if (Snapshots.tagCount(session.tagsJson()) >= Limits.SESSION_TAGS_MAX) {
                return reject(command, ErrorCode.INVALID_REQUEST,
                        "the session already has " + Limits.SESSION_TAGS_MAX + " tags, the most it may have");
            }
            String tagJson;
            try {
                tagJson = Snapshots.tagJson(tag.getName(), tag.getData(), tMs(tag, session, command));
            } catch (IllegalArgumentException e) {
                return reject(command, ErrorCode.INVALID_REQUEST, e.getMessage());
            }
            return sessions.addTag(tx, session.id(), tagJson).chain(tagged -> stored(tx, command, Snapshots.of(tagged)));
        }));
    }

    /** A tag's place on the session clock: as given, else the time from the start to the command (0 before a start). */
    static long tMs(TagSession tag, SessionRow session, SessionCommand command) {
        if (tag.getTMs() != null) {
            return tag.getTMs();
        }
        if (session.startedAt() == null) {
            return 0L;
        }
        return Math.max(0L, command.getIssuedAt().toEpochMilli() - session.startedAt().toEpochMilli());
    }

    /** End offsets of frames and signals now: everything acknowledged before the stop lies below them. */
    Uni<Watermark> stopWatermark() {
        return offsets.endOffsets(Topic.CAPTURE_FRAMES.topicName(), IsolationLevel.READ_UNCOMMITTED)
                .chain(frames -> offsets.endOffsets(Topic.CAPTURE_SIGNALS.topicName(), IsolationLevel.READ_UNCOMMITTED)
                        .map(signals -> Watermark.atStop(frames, signals)));
    }

    /** Writes the lifecycle record to the outbox and stores the ok reply, in the command's transaction. */
    private Uni<Decision> transition(SqlClient tx, SessionCommand command, SessionStatus from, SessionSnapshot snapshot) {
        return delivery.enqueueLifecycle(tx, from, snapshot, now())
                .chain(() -> delivery.encode(reply(command, snapshot, null, null)))
                .call(reply -> deliveries.storeReply(tx, command.getCommandId(), command.getSessionId(), reply))
                .map(reply -> new Decision(reply, "ok"));
    }

    /** An accepted change that is not a transition: the reply is stored (a redelivery must not apply it twice). */
    private Uni<Decision> stored(SqlClient tx, SessionCommand command, SessionSnapshot snapshot) {
        return delivery.encode(reply(command, snapshot, null, null))
                .call(reply -> deliveries.storeReply(tx, command.getCommandId(), command.getSessionId(), reply))
                .map(reply -> new Decision(reply, "ok"));
    }

    private Uni<Decision> ok(SessionCommand command, SessionSnapshot snapshot, String result) {
        return delivery.encode(reply(command, snapshot, null, null)).map(reply -> new Decision(reply, result));
    }

    private Uni<Decision> notFound(SessionCommand command) {
        return reject(command, ErrorCode.SESSION_NOT_FOUND, "no session " + command.getSessionId());
    }

    /** Errors are not stored: replaying the same command sequence decides the same way. */
    private Uni<Decision> reject(SessionCommand command, ErrorCode code, String message) {
        return delivery.encode(reply(command, null, code, message)).map(reply -> new Decision(reply, code.code()));
    }

    /** The session, locked, if it exists in the command's workspace (other workspaces' sessions do not exist). */
    private Uni<Optional<SessionRow>> locked(SqlClient tx, SessionCommand command) {
        return sessions.lock(tx, command.getSessionId())
                .map(found -> found.filter(s -> s.workspaceId().equals(command.getWorkspaceId())));
    }

    private static SessionCommandReply reply(SessionCommand command, SessionSnapshot snapshot, ErrorCode code,
                                             String message) {
        return SessionCommandReply.newBuilder()
                .setCommandId(command.getCommandId())
                .setSessionId(command.getSessionId())
                .setWorkspaceId(command.getWorkspaceId())
                .setOk(code == null)
                .setErrorCode(code == null ? null : code.code())
                .setErrorMessage(message)
                .setSession(snapshot)
                .build();
    }

    private static NewSession newSession(SessionCommand command, CreateSession create) {
        if (!IdPrefix.SESSION.matches(command.getSessionId())) {
            throw new Rejection(ErrorCode.INVALID_REQUEST, "session id must be ses_<ULID>");
        }
        if (!Limits.WORKFLOW_SLUG.matcher(create.getWorkflow()).matches()) {
            throw new Rejection(ErrorCode.INVALID_WORKFLOW_SLUG, "workflow must match " + Limits.WORKFLOW_SLUG.pattern());
        }
        JsonNode metadata;
        try {
            metadata = Snapshots.parse(create.getMetadata(), "metadata");
        } catch (IllegalArgumentException e) {
            throw new Rejection(ErrorCode.INVALID_METADATA, e.getMessage());
        }
        if (!metadata.isObject() || create.getMetadata().getBytes(StandardCharsets.UTF_8).length > Limits.METADATA_MAX_BYTES) {
            throw new Rejection(ErrorCode.INVALID_METADATA, "metadata must be a JSON object of at most "
                    + Limits.METADATA_MAX_BYTES + " bytes");
        }
        String tags;
        try {
            tags = Snapshots.tagsJson(create.getTags());
        } catch (IllegalArgumentException e) {
            throw new Rejection(ErrorCode.INVALID_REQUEST, e.getMessage());
        }
        var actor = create.getActor();
        return new NewSession(command.getSessionId(), command.getWorkspaceId(), create.getWorkflow(),
                actor.getKind().name(), actor.getId(), create.getSurface().name(), metadata.toString(), tags,
                command.getIssuedAt().truncatedTo(ChronoUnit.MILLIS));
    }

    private static String kindOf(SessionCommand command) {
        return switch (command.getBody()) {
            case CreateSession c -> "create";
            case StartSession s -> "start";
            case StopSession s -> "stop";
            case DeleteSession d -> "delete";
            case TagSession t -> "tag";
            default -> "unknown";
        };
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    /** The reply bytes to send and the metric label of the result. */
    private record Decision(byte[] reply, String result) {}

    private static final class Rejection extends RuntimeException {
        private final ErrorCode code;

        Rejection(ErrorCode code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }
}
