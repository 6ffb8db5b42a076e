package com.nusomi.kit.kafka;

/** A record that will never be processable, however often it is retried: it belongs in the dead-letter topic. */
public class PoisonRecordException extends RuntimeException {
    public PoisonRecordException(String reason) {
        super(reason);
    }

    public PoisonRecordException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
