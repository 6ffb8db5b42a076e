package com.nusomi.captureingest.rest;

import static com.nusomi.captureingest.service.UploadRejectedException.invalid;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.nusomi.captureingest.service.RejectReason;
import com.nusomi.captureingest.service.UploadRejectedException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.Validator;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.Set;

/**
 * Binds the {@code metadata} part to {@link UploadMetadata} and is the one place where anything wrong with it becomes
 * an {@link UploadRejectedException} (400 {@code invalid_request}, SPEC §4 envelope) whose {@code param} is the JSON
 * path of the field at fault, prefixed by the part: {@code metadata.frames[3].viewport.w}. Binding is strict:
 * {@code "t_ms": 1.5} or {@code "x": "10"} are refused instead of becoming 1 or 10; unknown fields are ignored.
 */
@ApplicationScoped
public class MetadataBinding {
    static final String PART = "metadata";
    private static final PropertyNamingStrategies.NamingBase SNAKE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    private final ObjectReader reader;
    private final Validator validator;

    MetadataBinding(ObjectMapper json, Validator validator) {
        this.reader = strict(json.copy()).readerFor(UploadMetadata.class);
        this.validator = validator;
    }

    /** The metadata, bound and valid; refuses it naming the offending field. */
    public UploadMetadata bind(byte[] part) {
        UploadMetadata metadata;
        try {
            metadata = reader.readValue(part);
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof StreamReadException && !(e.getCause() instanceof InputCoercionException)) {
                // malformed JSON met while binding a field: the part as a whole is not JSON
                throw rejected("metadata is not valid JSON: " + ((StreamReadException) e.getCause()).getOriginalMessage(), null);
            }
            String path = path(e);
            throw rejected(describe(e, path), path);
        } catch (InputCoercionException e) {
            // a number out of range: the parser knows where it was
            String path = e.getProcessor() instanceof JsonParser parser ? path(parser.getParsingContext()) : null;
            throw rejected((path == null ? "metadata" : path) + " is out of range: " + e.getOriginalMessage(), path);
        } catch (JsonProcessingException e) {
            throw rejected("metadata is not valid JSON: " + e.getOriginalMessage(), null);
        } catch (IOException e) {
            throw rejected("metadata cannot be read: " + e.getMessage(), null);
        }
        if (metadata == null) {
            throw rejected("metadata must be a JSON object {\"frames\": [...]}", null);
        }
        Set<ConstraintViolation<UploadMetadata>> violations = validator.validate(metadata);
        if (!violations.isEmpty()) {
            ConstraintViolation<UploadMetadata> first = violations.stream()
                    .min(Comparator.comparing((ConstraintViolation<UploadMetadata> v) -> String.valueOf(path(v.getPropertyPath()))))
                    .orElseThrow();
            String path = path(first.getPropertyPath());
            throw rejected(path + " " + first.getMessage(), path);
        }
        return metadata;
    }

    /** 400 invalid_request for the metadata part; {@code path} is relative to it (null: the part as a whole). */
    static UploadRejectedException rejected(String message, String path) {
        int declared = 0; // the frames cannot be counted when their description is unreadable
        return invalid(RejectReason.INVALID_METADATA, declared, message, path == null ? PART : PART + "." + path);
    }

    private static ObjectMapper strict(ObjectMapper mapper) {
        mapper.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        for (LogicalType number : new LogicalType[] {LogicalType.Integer, LogicalType.Float}) {
            mapper.coercionConfigFor(number)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        return mapper;
    }

    private static String describe(JsonMappingException e, String path) {
        String field = path == null ? "metadata" : path;
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return field + " must be " + expected(mismatch.getTargetType());
        }
        return field + " cannot be read: " + e.getOriginalMessage();
    }

    private static String expected(Class<?> type) {
        if (type == String.class) {
            return "a string or null";
        }
        if (type == Long.class || type == Integer.class || type == long.class || type == int.class) {
            return "an integer";
        }
        if (type == Double.class || type == double.class) {
            return "a number";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "a JSON object" + (type == UploadMetadata.class ? " {\"frames\": [...]}" : " or null");
    }

    /** The JSON path of a binding failure: {@code frames[0].viewport.w}; null for the part as a whole. */
    static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                out.append(out.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.isEmpty() ? null : out.toString();
    }

    /** The JSON path where the parser stopped. */
    static String path(JsonStreamContext context) {
        Deque<String> steps = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                steps.push("[" + Math.max(0, c.getCurrentIndex()) + "]");
            } else if (c.inObject() && c.getCurrentName() != null) {
                steps.push("." + c.getCurrentName());
            }
        }
        String path = String.join("", steps);
        path = path.startsWith(".") ? path.substring(1) : path;
        return path.isEmpty() ? null : path;
    }

    /** The JSON path of a Bean Validation property path: container nodes give their index, names in snake case. */
    static String path(Path propertyPath) {
        StringBuilder out = new StringBuilder();
        for (Path.Node node : propertyPath) {
            if (node.isInIterable()) {
                out.append('[').append(node.getIndex() != null ? node.getIndex() : node.getKey()).append(']');
            }
            if (node.getKind() == ElementKind.PROPERTY && node.getName() != null) {
                out.append(out.isEmpty() ? "" : ".").append(SNAKE.translate(node.getName()));
            }
        }
        return out.isEmpty() ? null : out.toString();
    }
}
