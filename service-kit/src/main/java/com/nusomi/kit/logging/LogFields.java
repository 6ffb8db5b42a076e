package com.nusomi.kit.logging;

import org.jboss.logging.MDC;

/** Structured-log field names (MDC keys) every service uses, so logs join across services. */
public final class LogFields {
    private LogFields() {}

    public static final String SESSION_ID = "session_id";
    public static final String EXPORT_ID = "export_id";
    public static final String WORKSPACE_ID = "workspace_id";
    public static final String REQUEST_ID = "request_id";

    /** Puts {@code key=value} in the MDC until the returned scope is closed. */
    public static Scope with(String key, String value) {
        Object previous = MDC.get(key);
        MDC.put(key, value);
        return () -> {
            if (previous == null) {
                MDC.remove(key);
            } else {
                MDC.put(key, previous);
            }
        };
    }

    /** An MDC entry that removes itself. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
