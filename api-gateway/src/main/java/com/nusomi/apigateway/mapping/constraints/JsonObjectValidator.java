package com.nusomi.apigateway.mapping.constraints;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.nio.charset.StandardCharsets;

public class JsonObjectValidator implements ConstraintValidator<JsonObject, JsonNode> {
    private int maxBytes;

    @Override
    public void initialize(JsonObject annotation) {
        maxBytes = annotation.maxBytes();
    }

    @Override
    public boolean isValid(JsonNode value, ConstraintValidatorContext context) {
        if (value == null || value.isNull()) {
            return true;
        }
        if (!value.isObject()) {
            return false;
        }
        int bytes = value.toString().getBytes(StandardCharsets.UTF_8).length;
        if (bytes <= maxBytes) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        context.buildConstraintViolationWithTemplate("is " + bytes + " bytes; at most " + maxBytes + " are allowed")
                .addConstraintViolation();
        return false;
    }
}
