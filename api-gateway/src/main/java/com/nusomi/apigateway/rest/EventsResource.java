package com.nusomi.apigateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.nusomi.apigateway.auth.CurrentCaller;
import com.nusomi.apigateway.auth.RequiresScope;
import com.nusomi.apigateway.auth.Scope;
import com.nusomi.apigateway.mapping.EventView;
import com.nusomi.apigateway.persistence.CatalogRepository.EventQuery;
import com.nusomi.apigateway.persistence.EventRow;
import com.nusomi.apigateway.service.EventService;
import com.nusomi.contracts.IdPrefix;
import com.nusomi.contracts.Limits;
import com.nusomi.contracts.avro.EventType;
import com.nusomi.kit.api.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

/** {@code /v1/sessions/{id}/events}: emit SDK events, list a session's events in (t_ms, id) order. */
@Path("/v1/sessions/{id}/events")
@Produces(MediaType.APPLICATION_JSON)
public class EventsResource {
    private final EventService events;
    private final CurrentCaller caller;

    EventsResource(EventService events, CurrentCaller caller) {
        this.events = events;
        this.caller = caller;
    }

    /** A batch answer: {@code {data: […]}} in request order. */
    public record EventBatch(List<EventView> data) {}

    @POST
    @RequiresScope(Scope.WRITE)
    public Uni<RestResponse<Object>> emit(@RestPath String id, JsonNode body) {
        return events.emit(caller.workspaceId(), id, body).map(emitted -> RestResponse.status(RestResponse.Status.CREATED,
                emitted.batch() ? new EventBatch(emitted.events()) : emitted.events().get(0)));
    }

    @GET
    @RequiresScope(Scope.READ)
    public Uni<Page<EventView>> list(@RestPath String id, @RestQuery String limit, @RestQuery String cursor,
                                     @RestQuery String type, @RestQuery String order,
                                     @RestQuery("t_ms.gte") String tMsGte, @RestQuery("t_ms.lte") String tMsLte) {
        int size = Paging.limit(limit, Limits.EVENTS_LIST_DEFAULT_LIMIT, Limits.EVENTS_LIST_MAX_LIMIT);
        boolean descending = descending(order);
        Position after = position(Paging.decode(cursor));
        var query = new EventQuery(types(type), bound(tMsGte, "t_ms.gte"), bound(tMsLte, "t_ms.lte"), descending,
                after == null ? null : after.tMs(), after == null ? null : after.id(), size + 1);
        return events.list(caller.workspaceId(), id, query)
                .map(rows -> Page.of(rows, size, EventsResource::cursorOf, EventView::of));
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

    /** {@code type=click} or {@code type=click,submit}. */
    static List<String> types(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        List<String> types = new ArrayList<>();
        for (String t : raw.split(",")) {
            String type = t.trim();
            if (List.of(EventType.values()).stream().noneMatch(v -> v.name().equals(type))) {
                throw ApiException.invalidRequest("type must be one or more (comma-separated) of "
                        + List.of(EventType.values()), "type");
            }
            types.add(type);
        }
        return types;
    }

    static Long bound(String raw, String param) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            long value = Long.parseLong(raw.trim());
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.invalidRequest(param + " must be an integer ≥ 0", param);
    }
}
