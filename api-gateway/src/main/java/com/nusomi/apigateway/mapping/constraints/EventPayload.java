package com.nusomi.apigateway.mapping.constraints;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An event's {@code payload} fits its {@code type} (SPEC §2, the twelve payload records of contracts): checked by
 * service-kit {@code EventPayloads}, the violation names the field ({@code payload.x}).
 */
@Constraint(validatedBy = EventPayloadValidator.class)
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface EventPayload {
    String message() default "does not fit the event type";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
