package com.nusomi.apigateway.rest;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.nusomi.apigateway.mapping.constraints.ApiCodes;
import com.nusomi.contracts.ErrorCode;
import com.nusomi.kit.api.ApiExceptionMappers;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.Payload;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where a request body that cannot be bound (malformed JSON, wrong type, unknown enum value or union
 * kind) or that breaks a constraint becomes the SPEC envelope, {@code param} = the JSON path of the field at fault
 * ({@code events[3].payload.x}, {@code actor.kind}). The code is {@code invalid_request} unless the field's
 * constraints name another ({@link ApiCodes}).
 */
public class BindingErrors {
    private static final Logger LOG = Logger.getLogger(BindingErrors.class);
    private static final PropertyNamingStrategies.NamingBase SNAKE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    @ServerExceptionMapper
    public Response malformed(JsonParseException e, ContainerRequestContext request) {
        return respond(ErrorCode.INVALID_REQUEST, "the request body is not valid JSON: " + e.getOriginalMessage(), null, request);
    }

    @ServerExceptionMapper
    public Response unbindable(JsonMappingException e, ContainerRequestContext request) {
        if (e instanceof InvalidDefinitionException) {
            LOG.error("a type cannot be (de)serialized", e); // our bug, not the client's
            return respond(ErrorCode.INTERNAL_ERROR, "internal error", null, request);
        }
        String param = path(e);
        if (e instanceof MismatchedInputException mismatch && param == null && mismatch.getTargetType() == null
                && e.getOriginalMessage() != null && e.getOriginalMessage().contains("end-of-input")) {
            return respond(ErrorCode.INVALID_REQUEST, "a JSON object body is required", null, request);
        }
        return respond(codeOf(e.getPath()), describe(e, param), param, request);
    }

    /** Declared apart so it wins over quarkus-rest-jackson's own mapper for this type (a bare 400 without a body). */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, ContainerRequestContext request) {
        return unbindable((JsonMappingException) e, request);
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, ContainerRequestContext request) {
        ConstraintViolation<?> first = e.getConstraintViolations().stream()
                .min(Comparator.comparing((ConstraintViolation<?> v) -> String.valueOf(path(v.getPropertyPath()))))
                .orElse(null);
        if (first == null) {
            return respond(ErrorCode.INVALID_REQUEST, e.getMessage(), null, request);
        }
        String param = path(first.getPropertyPath());
        ErrorCode code = ApiCodes.of(first.getConstraintDescriptor().getPayload());
        String message = param == null ? "a JSON object body is required" : param + " " + first.getMessage();
        return respond(code, message, param, request);
    }

    /** The JSON path of a Bean Validation property path: method and parameter nodes dropped, names in snake case. */
    static String path(Path propertyPath) {
        StringBuilder out = new StringBuilder();
        for (Path.Node node : propertyPath) {
            ElementKind kind = node.getKind();
            if (kind == ElementKind.METHOD || kind == ElementKind.PARAMETER || kind == ElementKind.CONSTRUCTOR
                    || kind == ElementKind.CROSS_PARAMETER || kind == ElementKind.RETURN_VALUE) {
                continue;
            }
            if (node.isInIterable()) {
                out.append('[').append(node.getIndex() != null ? node.getIndex() : node.getKey()).append(']');
            }
            if (kind == ElementKind.PROPERTY && node.getName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(SNAKE.translate(node.getName()));
            }
        }
        return out.isEmpty() ? null : out.toString();
    }

    /** The JSON path of a Jackson binding failure ({@code tags[0].name}); a union's missing kind names its property. */
    static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        if (e instanceof UnrecognizedPropertyException unknown && out.isEmpty()) {
            out.append(unknown.getPropertyName());
        }
        if (e instanceof InvalidTypeIdException typeId && typeId.getBaseType() != null) {
            JsonTypeInfo info = typeId.getBaseType().getRawClass().getAnnotation(JsonTypeInfo.class);
            if (info != null && !info.property().isEmpty()) {
                out.append(out.isEmpty() ? "" : ".").append(info.property());
            }
        }
        return out.isEmpty() ? null : out.toString();
    }

    private static String describe(JsonMappingException e, String param) {
        String field = param == null ? "the body" : param;
        if (e instanceof InvalidTypeIdException typeId) {
            return field + (typeId.getTypeId() == null ? " is required" : " '" + typeId.getTypeId() + "' is not one of "
                    + kinds(typeId.getBaseType().getRawClass()));
        }
        if (e instanceof InvalidFormatException format && format.getTargetType() != null && format.getTargetType().isEnum()) {
            return field + " must be one of " + Arrays.stream(format.getTargetType().getEnumConstants())
                    .map(Object::toString).toList() + ", got " + format.getValue();
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return field + " must be " + expected(mismatch.getTargetType());
        }
        return field + " cannot be read: " + e.getOriginalMessage();
    }

    /** What a client should have sent for a Java type, in JSON words. */
    static String expected(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (type == Long.class || type == long.class || type == Integer.class || type == int.class) {
            return "an integer";
        }
        if (type == Double.class || type == double.class || type == Float.class || type == float.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(Object::toString).toList();
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (JsonNode.class.isAssignableFrom(type)) {
            return "a JSON value";
        }
        return Map.class.isAssignableFrom(type) || type.isRecord() || type.isInterface() ? "an object" : "a " + type.getSimpleName();
    }

    private static List<String> kinds(Class<?> base) {
        var subtypes = base.getAnnotation(com.fasterxml.jackson.annotation.JsonSubTypes.class);
        if (subtypes == null) {
            return List.of();
        }
        return Arrays.stream(subtypes.value()).map(t -> {
            var name = t.value().getAnnotation(com.fasterxml.jackson.annotation.JsonTypeName.class);
            return name != null ? name.value() : t.name();
        }).toList();
    }

    /**
     * The code the field's own constraints declare (a number sent as the workflow is still invalid_workflow_slug):
     * the record component named by the last field of the path.
     */
    static ErrorCode codeOf(List<JsonMappingException.Reference> path) {
        for (int i = path.size() - 1; i >= 0; i--) {
            JsonMappingException.Reference ref = path.get(i);
            if (ref.getFieldName() == null) {
                continue;
            }
            Object from = ref.getFrom();
            Class<?> owner = from instanceof Class<?> c ? c : from == null ? null : from.getClass();
            if (owner == null || !owner.isRecord()) {
                return ErrorCode.INVALID_REQUEST;
            }
            for (RecordComponent component : owner.getRecordComponents()) {
                if (SNAKE.translate(component.getName()).equals(ref.getFieldName())) {
                    return ApiCodes.of(payloads(owner, component));
                }
            }
            return ErrorCode.INVALID_REQUEST;
        }
        return ErrorCode.INVALID_REQUEST;
    }

    private static Set<Class<? extends Payload>> payloads(Class<?> owner, RecordComponent component) {
        Set<Class<? extends Payload>> payloads = new HashSet<>();
        Annotation[] annotations;
        try {
            annotations = owner.getDeclaredField(component.getName()).getAnnotations(); // constraints land on the field
        } catch (NoSuchFieldException e) {
            return payloads;
        }
        for (Annotation annotation : annotations) {
            try {
                Method payload = annotation.annotationType().getMethod("payload");
                @SuppressWarnings("unchecked")
                Class<? extends Payload>[] declared = (Class<? extends Payload>[]) payload.invoke(annotation);
                payloads.addAll(Arrays.asList(declared));
            } catch (ReflectiveOperationException | ClassCastException notAConstraint) {
                // not a Bean Validation constraint
            }
        }
        return payloads;
    }

    private static Response respond(ErrorCode code, String message, String param, ContainerRequestContext request) {
        return ApiExceptionMappers.respond(code.httpStatus(), code.code(), message, param, request);
    }
}
