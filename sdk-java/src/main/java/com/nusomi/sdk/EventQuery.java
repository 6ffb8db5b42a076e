package com.nusomi.sdk;

import com.nusomi.sdk.model.EventType;
import java.util.Arrays;
import java.util.List;

/**
 * Filters of {@code GET /v1/sessions/{id}/events} (SPEC §4); null fields are not sent.
 *
 * @param types         only these types, or empty for all
 * @param tMsGte        from this session time
 * @param tMsLte        up to this session time
 * @param frameId       only events of this frame
 * @param confidenceGte at least this confidence
 * @param includeFrame  embed each event's frame
 * @param order         asc (default) or desc
 * @param paging        page size and starting cursor
 */
public record EventQuery(List<EventType> types, Long tMsGte, Long tMsLte, String frameId, Double confidenceGte,
                         boolean includeFrame, String order, ListOptions paging) {
    /** Every event in {@code (t_ms, id)} order, 100 a page. */
    public static final EventQuery ALL = new EventQuery(List.of(), null, null, null, null, false, null,
            ListOptions.DEFAULT);

    public EventQuery {
        types = types == null ? List.of() : List.copyOf(types);
        paging = paging == null ? ListOptions.DEFAULT : paging;
    }

    /** Only events of these types. */
    public static EventQuery types(EventType... types) {
        return ALL.withTypes(Arrays.asList(types));
    }

    public EventQuery withTypes(List<EventType> value) {
        return new EventQuery(value, tMsGte, tMsLte, frameId, confidenceGte, includeFrame, order, paging);
    }

    public EventQuery withTMsRange(Long gte, Long lte) {
        return new EventQuery(types, gte, lte, frameId, confidenceGte, includeFrame, order, paging);
    }

    public EventQuery withFrameId(String value) {
        return new EventQuery(types, tMsGte, tMsLte, value, confidenceGte, includeFrame, order, paging);
    }

    public EventQuery withConfidenceGte(double value) {
        return new EventQuery(types, tMsGte, tMsLte, frameId, value, includeFrame, order, paging);
    }

    public EventQuery withIncludeFrame(boolean value) {
        return new EventQuery(types, tMsGte, tMsLte, frameId, confidenceGte, value, order, paging);
    }

    public EventQuery withOrder(String value) {
        return new EventQuery(types, tMsGte, tMsLte, frameId, confidenceGte, includeFrame, value, paging);
    }

    public EventQuery withPageSize(int value) {
        return new EventQuery(types, tMsGte, tMsLte, frameId, confidenceGte, includeFrame, order,
                new ListOptions(value, paging.cursor()));
    }
}
