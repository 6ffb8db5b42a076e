package com.nusomi.kit.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nusomi.contracts.avro.AppFocusPayload;
import com.nusomi.contracts.avro.ClickPayload;
import com.nusomi.contracts.avro.ErrorPayload;
import com.nusomi.contracts.avro.EventType;
import com.nusomi.contracts.avro.InputTextPayload;
import com.nusomi.contracts.avro.KeypressPayload;
import com.nusomi.contracts.avro.NavigatePayload;
import com.nusomi.contracts.avro.RetryPayload;
import com.nusomi.contracts.avro.SubmitPayload;
import com.nusomi.contracts.avro.SuccessPayload;
import com.nusomi.contracts.avro.TagPayload;
import com.nusomi.contracts.avro.ValidationErrorPayload;
import com.nusomi.contracts.avro.WaitPayload;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * The twelve SPEC §2 event payloads between their wire JSON and their typed Avro records.
 * Field names are the same on both sides; fields documented as "JSON text" in the schema carry any JSON value.
 */
public final class EventPayloads {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<EventType, Schema> SCHEMAS = new EnumMap<>(EventType.class);
    /** Free-form JSON values carried as text inside Avro. */
    private static final Set<String> JSON_TEXT_FIELDS = Set.of("SubmitPayload.payload", "TagPayload.data");

    static {
        SCHEMAS.put(EventType.click, ClickPayload.getClassSchema());
        SCHEMAS.put(EventType.keypress, KeypressPayload.getClassSchema());
        SCHEMAS.put(EventType.input_text, InputTextPayload.getClassSchema());
        SCHEMAS.put(EventType.navigate, NavigatePayload.getClassSchema());
        SCHEMAS.put(EventType.app_focus, AppFocusPayload.getClassSchema());
        SCHEMAS.put(EventType.submit, SubmitPayload.getClassSchema());
        SCHEMAS.put(EventType.validation_error, ValidationErrorPayload.getClassSchema());
        SCHEMAS.put(EventType.retry, RetryPayload.getClassSchema());
        SCHEMAS.put(EventType.wait, WaitPayload.getClassSchema());
        SCHEMAS.put(EventType.success, SuccessPayload.getClassSchema());
        SCHEMAS.put(EventType.error, ErrorPayload.getClassSchema());
        SCHEMAS.put(EventType.tag, TagPayload.getClassSchema());
    }

    private EventPayloads() {}

    /** The event type whose payload record {@code payload} is. */
    public static EventType typeOf(Object payload) {
        Schema schema = ((SpecificRecord) payload).getSchema();
        return SCHEMAS.entrySet().stream().filter(e -> e.getValue().equals(schema)).map(Map.Entry::getKey)
                .findFirst().orElseThrow(() -> new IllegalArgumentException("not an event payload: " + schema.getFullName()));
    }

    /** Wire JSON of a payload record; absent optional fields are left out. */
    public static ObjectNode toJson(Object payload) {
        return recordToJson((GenericRecord) payload);
    }

    /** A payload as JSON text (for jsonb columns). */
    public static String toJsonText(Object payload) {
        return toJson(payload).toString();
    }

    /**
     * Validates {@code payload} against {@code type} and builds its record.
     *
     * @param paramPrefix how the payload is named in error messages, e.g. {@code payload} or {@code events[2].payload}
     * @throws InvalidPayloadException naming the offending field
     */
    public static SpecificRecord fromJson(EventType type, JsonNode payload, String paramPrefix) {
        if (payload == null || payload.isNull() || payload.isMissingNode()) {
            payload = JsonNodeFactory.instance.objectNode();
        }
        if (!payload.isObject()) {
            throw new InvalidPayloadException(paramPrefix, "must be an object");
        }
        GenericRecord generic = recordFromJson(SCHEMAS.get(type), (ObjectNode) payload, paramPrefix);
        return (SpecificRecord) SpecificData.get().deepCopy(generic.getSchema(), generic);
    }

    /** Parses a payload stored as JSON text (catalog) back into its record. */
    public static SpecificRecord fromJsonText(EventType type, String json) {
        try {
            return fromJson(type, JSON.readTree(json), "payload");
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("stored payload is not JSON", e);
        }
    }

    private static ObjectNode recordToJson(GenericRecord record) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        for (Schema.Field field : record.getSchema().getFields()) {
            Object value = record.get(field.pos());
            if (value == null) {
                continue;
            }
            if (JSON_TEXT_FIELDS.contains(record.getSchema().getName() + "." + field.name())) {
                node.set(field.name(), parse(value.toString()));
            } else {
                node.set(field.name(), valueToJson(value));
            }
        }
        return node;
    }

    private static JsonNode valueToJson(Object value) {
        var f = JsonNodeFactory.instance;
        if (value instanceof GenericRecord r) {
            return recordToJson(r);
        } else if (value instanceof List<?> list) {
            ArrayNode array = f.arrayNode();
            list.forEach(item -> array.add(valueToJson(item)));
            return array;
        } else if (value instanceof Double d) {
            return d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15 ? f.numberNode(d.longValue()) : f.numberNode(d);
        } else if (value instanceof Long l) {
            return f.numberNode(l);
        } else if (value instanceof Integer i) {
            return f.numberNode(i);
        } else if (value instanceof Boolean b) {
            return f.booleanNode(b);
        }
        return f.textNode(value.toString());
    }

    private static GenericRecord recordFromJson(Schema schema, ObjectNode node, String param) {
        GenericRecord record = new GenericData.Record(schema);
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (schema.getField(name) == null) {
                throw new InvalidPayloadException(param + "." + name, "is not a field of " + describe(schema));
            }
        }
        for (Schema.Field field : schema.getFields()) {
            String fieldParam = param + "." + field.name();
            JsonNode value = node.get(field.name());
            boolean absent = value == null || value.isNull();
            if (absent) {
                if (isNullable(field.schema())) {
                    record.put(field.pos(), null);
                } else if (field.hasDefaultValue()) {
                    record.put(field.pos(), GenericData.get().getDefaultValue(field));
                } else {
                    throw new InvalidPayloadException(fieldParam, "is required");
                }
                continue;
            }
            if (JSON_TEXT_FIELDS.contains(schema.getName() + "." + field.name())) {
                record.put(field.pos(), value.toString());
                continue;
            }
            record.put(field.pos(), valueFromJson(nonNull(field.schema()), value, fieldParam));
        }
        return record;
    }

    private static Object valueFromJson(Schema schema, JsonNode value, String param) {
        switch (schema.getType()) {
            case STRING -> {
                if (!value.isTextual()) {
                    throw new InvalidPayloadException(param, "must be a string");
                }
                return value.asText();
            }
            case DOUBLE -> {
                if (!value.isNumber()) {
                    throw new InvalidPayloadException(param, "must be a number");
                }
                return value.asDouble();
            }
            case LONG, INT -> {
                if (!value.isIntegralNumber() && !(value.isNumber() && value.asDouble() == Math.rint(value.asDouble()))) {
                    throw new InvalidPayloadException(param, "must be an integer");
                }
                if (value.asLong() < 0) {
                    throw new InvalidPayloadException(param, "must not be negative");
                }
                return schema.getType() == Schema.Type.INT ? (Object) value.asInt() : (Object) value.asLong();
            }
            case BOOLEAN -> {
                if (!value.isBoolean()) {
                    throw new InvalidPayloadException(param, "must be a boolean");
                }
                return value.asBoolean();
            }
            case ARRAY -> {
                if (!value.isArray()) {
                    throw new InvalidPayloadException(param, "must be an array");
                }
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < value.size(); i++) {
                    items.add(valueFromJson(schema.getElementType(), value.get(i), param + "[" + i + "]"));
                }
                return items;
            }
            case RECORD -> {
                if (!value.isObject()) {
                    throw new InvalidPayloadException(param, "must be an object");
                }
                return recordFromJson(schema, (ObjectNode) value, param);
            }
            default -> throw new IllegalStateException("unhandled payload field type " + schema.getType());
        }
    }

    private static boolean isNullable(Schema schema) {
        return schema.getType() == Schema.Type.UNION
                && schema.getTypes().stream().anyMatch(s -> s.getType() == Schema.Type.NULL);
    }

    private static Schema nonNull(Schema schema) {
        if (schema.getType() != Schema.Type.UNION) {
            return schema;
        }
        return schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).findFirst().orElseThrow();
    }

    private static String describe(Schema schema) {
        return schema.getName().replace("Payload", "").toLowerCase(java.util.Locale.ROOT);
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return JsonNodeFactory.instance.textNode(json);
        }
    }
}
