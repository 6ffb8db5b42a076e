package com.nusomi.apigateway.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.nusomi.apigateway.config.StrictJson;
import com.nusomi.apigateway.mapping.CreateSessionRequest;
import com.nusomi.apigateway.mapping.EmitRequest;
import com.nusomi.apigateway.mapping.MaskingRulesRequest;
import com.nusomi.contracts.ErrorCode;
import org.junit.jupiter.api.Test;

/** How a body that cannot be bound is named: the JSON path of the field and the code its constraints declare. */
class BindingErrorsTest {
    private static final ObjectMapper MAPPER = mapper();

    private static ObjectMapper mapper() {
        var mapper = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false); // as Quarkus configures it
        new StrictJson().customize(mapper);
        return mapper;
    }

    private static JsonMappingException failure(String json, Class<?> type) {
        return assertThrows(JsonMappingException.class, () -> MAPPER.readValue(json, type));
    }

    @Test
    void aNumberForTheWorkflowIsAnInvalidSlugAtWorkflow() {
        var e = failure("{\"workflow\": 42, \"actor\": {\"kind\": \"human\"}}", CreateSessionRequest.class);
        assertEquals("workflow", BindingErrors.path(e));
        assertEquals(ErrorCode.INVALID_WORKFLOW_SLUG, BindingErrors.codeOf(e.getPath()));
    }

    @Test
    void nestedFieldsAndIndexesMakeTheParam() {
        var kind = failure("{\"workflow\": \"wf\", \"actor\": {\"kind\": \"robot\"}}", CreateSessionRequest.class);
        assertEquals("actor.kind", BindingErrors.path(kind));
        assertEquals(ErrorCode.INVALID_REQUEST, BindingErrors.codeOf(kind.getPath()));
        var tMs = failure("{\"events\": [{\"type\": \"click\", \"t_ms\": 1}, {\"type\": \"click\", \"t_ms\": 1.5}]}", EmitRequest.class);
        assertEquals("events[1].t_ms", BindingErrors.path(tMs));
        var one = failure("{\"type\": \"click\", \"t_ms\": \"10\"}", EmitRequest.class);
        assertEquals("t_ms", BindingErrors.path(one));
    }

    @Test
    void aUnionsUnknownOrMissingKindIsNamedByItsKindProperty() {
        assertEquals("rules[1].kind", BindingErrors.path(failure("{\"rules\": [{\"kind\": \"email\"}, {\"kind\": \"password\"}]}",
                MaskingRulesRequest.class)));
        assertEquals("rules[0].kind", BindingErrors.path(failure("{\"rules\": [{\"pattern\": \"x\"}]}", MaskingRulesRequest.class)));
    }
}
