package com.nusomi.shardwriter.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nusomi.shardwriter.destination.FrameImage;
import com.nusomi.shardwriter.format.ShardRow;
import com.nusomi.shardwriter.persistence.CatalogEvent;
import com.nusomi.shardwriter.persistence.CatalogFrame;
import com.nusomi.shardwriter.persistence.PlanRow;
import java.util.function.Function;

/** Turns a plan row plus what the catalog holds for it into a SPEC §6 row. Pure: no I/O. */
final class RowAssembler {
    /** Exact numbers: a stored 0.50 is written back as stored, not as a re-rounded double. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private RowAssembler() {}

    static FrameImage imageOf(CatalogFrame frame) {
        return new FrameImage(frame.imageBucket(), frame.imageKey(), frame.imageSha256());
    }

    /**
     * @param imageUrl how the destination names a frame image
     * @throws ShardFailedException when a referenced frame or event is not in the catalog (deleted since planning)
     */
    static ShardRow assemble(PlanRow planned, Function<FrameImage, String> imageUrl) {
        ShardRow.Frame frame = null;
        if (planned.frameId() != null) {
            CatalogFrame stored = planned.frame();
            if (stored == null) {
                throw new ShardFailedException("frame " + planned.frameId() + " of session " + planned.sessionId()
                        + " is not in the catalog (session deleted since planning?)");
            }
            frame = new ShardRow.Frame(imageUrl.apply(imageOf(stored)), stored.imageSha256(),
                    parse(stored.viewportJson()), parse(stored.domJson()), parse(stored.accessibilityTreeJson()));
        }
        var context = new ShardRow.Context(planned.workflow(),
                action(planned.priorEventId(), planned.priorEvent(), planned), planned.outcome());
        return new ShardRow(planned.sessionId(), planned.tMs(), frame,
                action(planned.eventId(), planned.event(), planned), context);
    }

    private static ShardRow.Action action(String eventId, CatalogEvent event, PlanRow planned) {
        if (eventId == null) {
            return null;
        }
        if (event == null) {
            throw new ShardFailedException("event " + eventId + " of session " + planned.sessionId()
                    + " is not in the catalog (session deleted since planning?)");
        }
        JsonNode payload = parse(event.payloadJson());
        if (payload == null || payload.isNull()) {
            payload = JSON.createObjectNode();
        }
        if (!(payload instanceof ObjectNode object)) {
            throw new ShardFailedException("stored payload of event " + eventId + " is not a JSON object");
        }
        return new ShardRow.Action(event.type(), object);
    }

    private static JsonNode parse(String json) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ShardFailedException("catalog holds invalid JSON: " + e.getOriginalMessage(), e);
        }
    }
}
