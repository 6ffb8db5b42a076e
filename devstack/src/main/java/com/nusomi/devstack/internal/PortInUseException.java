package com.nusomi.devstack.internal;

/** A fixed port of the local run is held by a program that is not ours; {@code variable} moves it elsewhere. */
public final class PortInUseException extends IllegalStateException {
    private final int port;
    private final String what;
    private final String variable;

    public PortInUseException(int port, String what, String variable, Throwable cause) {
        super(what + " port " + port + " on 127.0.0.1 is in use by another program (another nusomi with a different"
                + " NUSOMI_HOME?): stop it, or choose another port with " + variable + "=<port>", cause);
        this.port = port;
        this.what = what;
        this.variable = variable;
    }

    public int port() {
        return port;
    }

    /** e.g. "PostgreSQL", "api-gateway". */
    public String what() {
        return what;
    }

    /** The environment variable that overrides the port, e.g. NUSOMI_POSTGRES_PORT. */
    public String variable() {
        return variable;
    }
}
