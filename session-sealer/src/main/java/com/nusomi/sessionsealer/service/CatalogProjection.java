package com.nusomi.sessionsealer.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nusomi.contracts.avro.AppInfo;
import com.nusomi.contracts.avro.Cursor;
import com.nusomi.contracts.avro.Event;
import com.nusomi.contracts.avro.FrameCaptured;
import com.nusomi.contracts.avro.SessionStatus;
import com.nusomi.contracts.avro.Viewport;
import com.nusomi.kit.json.EventPayloads;
import com.nusomi.kit.kafka.PoisonRecordException;
import com.nusomi.kit.logging.LogFields;
import com.nusomi.sessionsealer.mapping.Snapshots;
import com.nusomi.sessionsealer.persistence.ProjectionRepository;
import com.nusomi.sessionsealer.persistence.ProjectionRepository.EventRow;
import com.nusomi.sessionsealer.persistence.ProjectionRepository.FrameRow;
import com.nusomi.sessionsealer.persistence.SessionRepository;
import com.nusomi.sessionsealer.persistence.SessionRow;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgException;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Projects frames and events into the catalog. A record whose id is stored already is a no-op (redelivery); a record
 * for an unknown or sealed session, or from another workspace, is poison (dead-lettered with the reason).
 */
@ApplicationScoped
public class CatalogProjection {
    private static final Logger LOG = Logger.getLogger(CatalogProjection.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Pool pool;
    private final SessionRepository sessions;
    private final ProjectionRepository rows;
    private final MeterRegistry metrics;
    private final Vertx vertx;

    CatalogProjection(Pool pool, SessionRepository sessions, ProjectionRepository rows, MeterRegistry metrics,
                      Vertx vertx) {
        this.pool = pool;
        this.vertx = vertx;
        this.sessions = sessions;
        this.rows = rows;
        this.metrics = metrics;
    }

    public Uni<Void> frame(FrameCaptured frame) {
        FrameRow row = frameRow(frame);
        return project("frame", frame.getFrameId(), frame.getSessionId(), frame.getWorkspaceId(),
                tx -> rows.frameExists(tx, row.id()),
                tx -> rows.insertFrame(tx, row).chain(inserted -> {
                    if (inserted) {
                        return rows.countFrame(tx, row.sessionId(), SessionCommandService.now()).replaceWith(true);
                    }
                    try (var s = LogFields.with(LogFields.SESSION_ID, row.sessionId())) {
                        LOG.warnf("frame %s ignored: the session already has another frame at t_ms %d", row.id(), row.tMs());
                    }
                    return Uni.createFrom().item(false);
                }));
    }

    public Uni<Void> event(Event event) {
        EventRow row = eventRow(event);
        return project("event", event.getEventId(), event.getSessionId(), event.getWorkspaceId(),
                tx -> rows.eventExists(tx, row.id()),
                tx -> rows.insertEvent(tx, row).call(inserted -> inserted
                        ? rows.countEvent(tx, row.sessionId(), SessionCommandService.now())
                        : Uni.createFrom().voidItem()));
    }

    /** One transaction under the session's row lock, so a seal never races a projected row. */
    private Uni<Void> project(String kind, String id, String sessionId, String workspaceId,
                              Function<SqlClient, Uni<Boolean>> stored, Function<SqlClient, Uni<Boolean>> insert) {
        // decoded on the projection's thread; the database work runs on a duplicated context so logs keep session_id
        return LogContexts.onNewContext(vertx, () -> pool.withTransaction(tx -> sessions.lock(tx, sessionId).chain(found -> {
            if (found.isEmpty()) {
                throw new PoisonRecordException(kind + " " + id + " for unknown session " + sessionId);
            }
            SessionRow session = found.get();
            return stored.apply(tx).chain(already -> {
                if (already) {
                    return Uni.createFrom().item(false);
                }
                if (!session.workspaceId().equals(workspaceId)) {
                    throw new PoisonRecordException(kind + " " + id + " names workspace " + workspaceId
                            + " but session " + sessionId + " belongs to another");
                }
                if (session.status() == SessionStatus.sealed) {
                    throw new PoisonRecordException(kind + " " + id + " for sealed session " + sessionId);
                }
                return insert.apply(tx);
            });
        }))).onFailure(PgException.class).transform(CatalogProjection::rejectedData).invoke(inserted -> {
            if (inserted) {
                metrics.counter("nusomi.sealer.projected", "kind", kind).increment();
            }
        }).replaceWithVoid();
    }

    /** PostgreSQL refusing the data itself (class 22 data exception, 23 integrity) will refuse it on every retry. */
    private static Throwable rejectedData(Throwable failure) {
        String state = ((PgException) failure).getSqlState();
        if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
            return new PoisonRecordException("PostgreSQL rejected the record: " + failure.getMessage(), failure);
        }
        return failure;
    }

    private static FrameRow frameRow(FrameCaptured f) {
        var image = f.getImage();
        return new FrameRow(f.getFrameId(), f.getSessionId(), f.getWorkspaceId(), f.getTMs(), image.getBucket(),
                image.getKey(), image.getSha256(), image.getSize(), image.getW(), image.getH(), viewport(f.getViewport()),
                jsonText(f.getDom(), "dom"), jsonText(f.getAccessibilityTree(), "accessibility_tree"), app(f.getApp()),
                cursor(f.getCursor()), f.getKeyframe(), f.getCapturedAt());
    }

    private static EventRow eventRow(Event e) {
        var payloadType = EventPayloads.typeOf(e.getPayload());
        if (payloadType != e.getType()) {
            throw new PoisonRecordException("event " + e.getEventId() + " of type " + e.getType()
                    + " carries a " + payloadType + " payload");
        }
        if (!(e.getConfidence() >= 0.0 && e.getConfidence() <= 1.0)) {
            throw new PoisonRecordException("event " + e.getEventId() + " confidence " + e.getConfidence() + " is not in 0..1");
        }
        return new EventRow(e.getEventId(), e.getSessionId(), e.getWorkspaceId(), e.getFrameId(), e.getTMs(),
                e.getType().name(), EventPayloads.toJsonText(e.getPayload()), e.getConfidence(), e.getSource().name(),
                e.getCreatedAt());
    }

    /** JSON text from a record, checked before it reaches a jsonb column (PostgreSQL would reject it forever). */
    private static String jsonText(String text, String field) {
        if (text == null) {
            return null;
        }
        try {
            return Snapshots.parse(text, field).toString();
        } catch (IllegalArgumentException e) {
            throw new PoisonRecordException(e.getMessage(), e);
        }
    }

    private static String viewport(Viewport v) {
        if (v == null) {
            return null;
        }
        ObjectNode node = JSON.createObjectNode().put("w", v.getW()).put("h", v.getH()).put("scale", v.getScale());
        return node.toString();
    }

    private static String app(AppInfo a) {
        if (a == null) {
            return null;
        }
        return JSON.createObjectNode().put("bundle_id", a.getBundleId()).put("name", a.getName())
                .put("version", a.getVersion()).toString();
    }

    private static String cursor(Cursor c) {
        return c == null ? null : JSON.createObjectNode().put("x", c.getX()).put("y", c.getY()).toString();
    }
}
