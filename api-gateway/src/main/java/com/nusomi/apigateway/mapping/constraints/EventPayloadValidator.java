package com.nusomi.apigateway.mapping.constraints;

import com.nusomi.apigateway.mapping.EventRequest;
import com.nusomi.kit.json.EventPayloads;
import com.nusomi.kit.json.InvalidPayloadException;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

public class EventPayloadValidator implements ConstraintValidator<EventPayload, EventRequest> {
    private static final String PREFIX = "payload";

    @Override
    public boolean isValid(EventRequest event, ConstraintValidatorContext context) {
        if (event == null || event.type() == null) {
            return true; // the missing type is its own violation
        }
        try {
            EventPayloads.fromJson(event.type(), event.payload(), PREFIX);
            return true;
        } catch (InvalidPayloadException e) {
            String problem = e.getMessage().startsWith(e.param() + " ")
                    ? e.getMessage().substring(e.param().length() + 1) : e.getMessage();
            context.disableDefaultConstraintViolation();
            var builder = context.buildConstraintViolationWithTemplate(Messages.literal(problem));
            String[] path = e.param().split("\\.");
            var node = builder.addPropertyNode(path[0]);
            for (int i = 1; i < path.length; i++) {
                node = node.addPropertyNode(path[i]);
            }
            node.addConstraintViolation();
            return false;
        }
    }
}
