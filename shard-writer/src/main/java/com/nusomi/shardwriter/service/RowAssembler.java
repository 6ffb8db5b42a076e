package com.nusomi.shardwriter.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nusomi.contracts.avro.ShardRowRef;
import com.nusomi.shardwriter.destination.FrameImage;
import com.nusomi.shardwriter.format.ShardRow;
import com.nusomi.shardwriter.persistence.CatalogEvent;
import com.nusomi.shardwriter.persistence.CatalogFrame;
import java.util.Map;
import java.util.function.Function;

/** Turns a row reference plus what the catalog holds into a SPEC §6 row. Pure: no I/O. */
final class RowAssembler {
    /** Exact numbers: a stored 0.50 is written back as stored, not as a re-rounded double. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private RowAssembler() {}

    /** The frame of a row as the planner resolved it; none ({@code "frame": null}) when the planner found no frame. */
    static String frameIdOf(ShardRowRef ref) {
        return ref.getFrameId();
    }

    static FrameImage imageOf(CatalogFrame frame) {
        return new FrameImage(frame.imageBucket(), frame.imageKey(), frame.imageSha256());
    }

    /**
     * @param imageUrl how the destination names a frame image
     * @throws ShardFailedException when a referenced frame or event is not in the catalog (deleted since planning)
     */
    static ShardRow assemble(ShardRowRef ref, Map<String, CatalogFrame> frames, Map<String, CatalogEvent> events,
                             Function<FrameImage, String> imageUrl) {
        String frameId = frameIdOf(ref);
        ShardRow.Frame frame = null;
        if (frameId != null) {
            CatalogFrame stored = frames.get(frameId);
            if (stored == null) {
                throw new ShardFailedException("frame " + frameId + " of session " + ref.getSessionId()
                        + " is not in the catalog (session deleted since planning?)");
            }
            frame = new ShardRow.Frame(imageUrl.apply(imageOf(stored)), stored.imageSha256(),
                    parse(stored.viewportJson()), parse(stored.domJson()), parse(stored.accessibilityTreeJson()));
        }
        var context = new ShardRow.Context(ref.getWorkflow(), action(ref.getPriorEventId(), ref, events),
                ref.getOutcome() == null ? null : ref.getOutcome().name());
        return new ShardRow(ref.getSessionId(), ref.getTMs(), frame, action(ref.getEventId(), ref, events), context);
    }

    private static ShardRow.Action action(String eventId, ShardRowRef ref, Map<String, CatalogEvent> events) {
        if (eventId == null) {
            return null;
        }
        CatalogEvent event = events.get(eventId);
        if (event == null) {
            throw new ShardFailedException("event " + eventId + " of session " + ref.getSessionId()
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
