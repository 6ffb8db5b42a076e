package com.nusomi.apigateway.mapping.constraints;

import com.nusomi.contracts.WebhookEventType;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.util.Arrays;

public class WebhookEventValidator implements ConstraintValidator<WebhookEvent, String> {
    private static final String KNOWN = Arrays.stream(WebhookEventType.values()).map(WebhookEventType::wire).toList().toString();

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        if (value == null || WebhookEventType.fromWire(value).isPresent()) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        context.buildConstraintViolationWithTemplate(Messages.literal("must be one of " + KNOWN + ", got '" + value + "'"))
                .addConstraintViolation();
        return false;
    }
}
