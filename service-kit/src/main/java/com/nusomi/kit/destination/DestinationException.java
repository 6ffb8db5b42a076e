package com.nusomi.kit.destination;

/**
 * A destination refused, could not be reached or is not usable; the message names the destination.
 * {@code retryable} is false when trying again cannot help (access denied, no such bucket, unsupported kind).
 */
public class DestinationException extends RuntimeException {
    private final boolean retryable;

    public DestinationException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public static DestinationException unusable(String message) {
        return new DestinationException(message, false, null);
    }

    public boolean retryable() {
        return retryable;
    }
}
