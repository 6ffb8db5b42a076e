package com.nusomi.devstack.launch;

/** A condition the user can fix, already phrased as the one line the launcher prints. */
public final class UserError extends RuntimeException {
    private final int exitCode;

    public UserError(String line) {
        this(line, 1, null);
    }

    public UserError(String line, int exitCode, Throwable cause) {
        super(line, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
