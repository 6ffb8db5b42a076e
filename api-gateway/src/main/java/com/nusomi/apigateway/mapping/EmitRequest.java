package com.nusomi.apigateway.mapping;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.nusomi.contracts.Limits;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.util.List;

/**
 * {@code POST /v1/sessions/{id}/events}: one event, or {@code {events: […]}} (1 to 100). The answer's shape follows
 * the request's, hence {@link #batch()}.
 */
@JsonDeserialize(using = EmitRequest.Reader.class)
public sealed interface EmitRequest permits EventRequest, EmitRequest.Batch {

    List<EventRequest> events();

    boolean batch();

    @JsonDeserialize(using = JsonDeserializer.None.class)
    record Batch(
            @NotNull(message = "is required") @Size(min = 1, max = Limits.EVENTS_PER_EMIT_MAX)
            List<@NotNull(message = "must be an event object") @Valid EventRequest> events) implements EmitRequest {

        @Override
        public boolean batch() {
            return true;
        }
    }

    /** A body with an {@code events} field is a batch, any other object one event. */
    final class Reader extends JsonDeserializer<EmitRequest> {
        @Override
        public EmitRequest deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonNode tree = context.readTree(parser);
            if (!tree.isObject()) {
                throw MismatchedInputException.from(parser, EmitRequest.class,
                        "the body must be an event object or {\"events\": [...]}");
            }
            Class<? extends EmitRequest> shape = tree.has("events") ? Batch.class : EventRequest.class;
            return context.readTreeAsValue(tree, shape);
        }
    }
}
