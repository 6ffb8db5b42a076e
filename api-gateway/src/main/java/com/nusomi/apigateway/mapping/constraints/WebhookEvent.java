package com.nusomi.apigateway.mapping.constraints;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The wire name of a webhook event type delivered today (contracts {@code WebhookEventType}); null passes. */
@Constraint(validatedBy = WebhookEventValidator.class)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface WebhookEvent {
    String message() default "is not a webhook event type";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
