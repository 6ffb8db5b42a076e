package com.nusomi.kit.json;

/** A payload that does not fit its event type; {@link #param()} names the field as the API error's {@code param}. */
public class InvalidPayloadException extends RuntimeException {
    private final String param;

    public InvalidPayloadException(String param, String problem) {
        super(param + " " + problem);
        this.param = param;
    }

    public String param() {
        return param;
    }
}
