package com.nusomi.apigateway.rest;

import com.nusomi.apigateway.auth.CurrentCaller;
import com.nusomi.apigateway.auth.RequiresScope;
import com.nusomi.apigateway.auth.Scope;
import com.nusomi.apigateway.mapping.EmitRequest;
import com.nusomi.apigateway.mapping.EventView;
import com.nusomi.apigateway.mapping.FrameView;
import com.nusomi.apigateway.persistence.CatalogRepository.EventQuery;
import com.nusomi.apigateway.persistence.EventRow;
import com.nusomi.apigateway.persistence.FrameRow;
import com.nusomi.apigateway.service.EventService;
import com.nusomi.apigateway.service.FrameService;
import com.nusomi.contracts.IdPrefix;
import com.nusomi.contracts.Limits;
import com.nusomi.contracts.avro.EventType;
import com.nusomi.kit.api.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** {@code /v1/sessions/{id}/events}: emit SDK events, list a session's events in (t_ms, id) order. */
@Path("/v1/sessions/{id}/events")
@Produces(MediaType.APPLICATION_JSON)
public class EventsResource {
    private final EventService events;
    private final FrameService frames;
    private final CurrentCaller caller;

    EventsResource(EventService events, FrameService frames, CurrentCaller caller) {
        this.events = events;
        this.frames = frames;
        this.caller = caller;
    }

    /** A batch answer: {@code {data: […]}} in request order. */
    public record EventBatch(List<EventView> data) {}

    /** An event with its frame ({@code include=frame}). */
    public record FrameAndEvent(FrameView frame, EventView event) {}

    @POST
    @RequiresScope(Scope.WRITE)
    @APIResponse(responseCode = "201", description = "The stored event, or {data: [...]} for an {events: [...]} batch",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(oneOf = {EventView.class, EventBatch.class})))
    public Uni<RestResponse<Object>> emit(@RestPath String id, @Valid @NotNull EmitRequest body) {
        return events.emit(caller.workspaceId(), id, body).map(emitted -> RestResponse.status(RestResponse.Status.CREATED,
                emitted.batch() ? new EventBatch(emitted.events()) : emitted.events().get(0)));
    }

    @GET
    @RequiresScope(Scope.READ)
    public Uni<Page<Object>> list(@RestPath String id, @RestQuery String limit, @RestQuery String cursor,
                                  @RestQuery String type, @RestQuery String order,
                                  @RestQuery("t_ms.gte") String tMsGte, @RestQuery("t_ms.lte") String tMsLte,
                                  @RestQuery("frame_id") String frameId, @RestQuery("confidence.gte") String confidenceGte,
                                  @RestQuery String include) {
        int size = Paging.limit(limit, Limits.EVENTS_LIST_DEFAULT_LIMIT, Limits.EVENTS_LIST_MAX_LIMIT);
        boolean descending = descending(order);
        boolean withFrames = includeFrame(include);
        Position after = position(Paging.decode(cursor));
        var query = new EventQuery(QueryFilters.anyOf(type, EventType.values(), "type"),
                QueryFilters.nonNegativeLong(tMsGte, "t_ms.gte"), QueryFilters.nonNegativeLong(tMsLte, "t_ms.lte"),
                QueryFilters.id(frameId, IdPrefix.FRAME, "frame_id"), QueryFilters.fraction(confidenceGte, "confidence.gte"),
                descending, after == null ? null : after.tMs(), after == null ? null : after.id(), size + 1);
        String workspaceId = caller.workspaceId();
        return events.list(workspaceId, id, query).chain(rows -> {
            if (!withFrames) {
                return Uni.createFrom().item(Page.of(rows, size, EventsResource::cursorOf, r -> (Object) EventView.of(r)));
            }
            List<String> frameIds = rows.stream().map(EventRow::frameId).distinct().toList();
            return frames.byIds(workspaceId, frameIds).map(found -> {
                Map<String, FrameRow> byId = found.stream().collect(Collectors.toMap(FrameRow::id, Function.identity()));
                return Page.of(rows, size, EventsResource::cursorOf, r -> (Object) new FrameAndEvent(
                        byId.containsKey(r.frameId()) ? FrameView.of(byId.get(r.frameId()), frames.imageUrl(byId.get(r.frameId()))) : null,
                        EventView.of(r)));
            });
        });
    }

    /** Where a page ended: the (t_ms, id) of its last event. */
    record Position(long tMs, String id) {}

    static String cursorOf(EventRow row) {
        return Paging.encode(row.tMs() + ":" + row.id());
    }

    static Position position(String decoded) {
        if (decoded == null) {
            return null;
        }
        int colon = decoded.indexOf(':');
        try {
            Position p = new Position(Long.parseLong(decoded.substring(0, colon)), decoded.substring(colon + 1));
            if (!IdPrefix.EVENT.matches(p.id())) {
                throw Paging.invalidCursor();
            }
            return p;
        } catch (RuntimeException e) {
            throw Paging.invalidCursor();
        }
    }

    static boolean descending(String order) {
        if (order == null || order.isBlank() || order.equals("asc")) {
            return false;
        }
        if (order.equals("desc")) {
            return true;
        }
        throw ApiException.invalidRequest("order must be asc or desc", "order");
    }

    static boolean includeFrame(String include) {
        if (include == null || include.isBlank()) {
            return false;
        }
        if (include.equals("frame")) {
            return true;
        }
        throw ApiException.invalidRequest("include must be 'frame' (answers {frame, event} pairs)", "include");
    }
}
