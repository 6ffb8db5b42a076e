package com.nusomi.devstack.launch;

import com.nusomi.devstack.internal.ComponentStartException;
import com.nusomi.devstack.internal.PortInUseException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;

/** Turns whatever stopped the launcher into one line that says what to do; the full trace goes to the log. */
public final class ErrorMessages {
    private ErrorMessages() {}

    /**
     * @param home the NUSOMI_HOME of the command
     * @param log  where the full trace is written
     */
    public static String oneLine(Throwable failure, Path home, Path log) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof UserError u) {
                return u.getMessage();
            }
            if (t instanceof PortInUseException p) {
                return p.getMessage();
            }
            if (t instanceof IllegalArgumentException && t.getMessage() != null
                    && t.getMessage().matches("NUSOMI_\\w+=.* is not a port")) {
                return t.getMessage() + ": set it to a number from 1 to 65535, or unset it for the default";
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ComponentStartException c) {
                String where = c.log() != null ? "its log: " + c.log() : "details: " + log;
                return c.component() + " did not start from its data in " + c.dataDir() + " (" + where + "); if that"
                        + " data is damaged, ./nusomi up --wipe starts afresh (it deletes all local data of " + home + ")";
            }
            if (t instanceof ServiceStartException s) {
                return firstLine(s.getMessage());
            }
            if (t instanceof AccessDeniedException a) {
                return "no permission to write " + a.getFile() + ": fix its permissions or point NUSOMI_HOME elsewhere";
            }
            String message = t.getMessage();
            if (message != null && message.contains("No space left on device")) {
                return "the disk holding " + home + " is full: free some space or point NUSOMI_HOME elsewhere";
            }
        }
        return "unexpected error: " + failure.getClass().getSimpleName() + ": " + firstLine(String.valueOf(failure.getMessage()))
                + " (full trace in " + log + ")";
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
