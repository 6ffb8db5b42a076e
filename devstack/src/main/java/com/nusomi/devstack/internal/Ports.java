package com.nusomi.devstack.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Port helpers: free ephemeral ports for tests, configurable fixed ports for the local run. */
public final class Ports {
    private Ports() {}

    /** {@code n} distinct free loopback ports (all sockets are held open until every port is chosen). */
    public static int[] free(int n) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket();
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                held.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        } finally {
            for (ServerSocket s : held) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing a probe socket
                }
            }
        }
    }

    public static int free() {
        return free(1)[0];
    }

    /**
     * The port configured by environment variable {@code env} (e.g. {@code NUSOMI_KAFKA_PORT}) or by the
     * matching system property ({@code nusomi.kafka.port}), else {@code fallback}.
     */
    public static int configured(String env, int fallback) {
        String value = System.getenv(env);
        if (value == null || value.isBlank()) {
            value = System.getProperty(systemPropertyFor(env));
        }
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException(env + "=" + value + " is not a port");
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(env + "=" + value + " is not a port", e);
        }
    }

    /** NUSOMI_KAFKA_PORT -> nusomi.kafka.port */
    public static String systemPropertyFor(String env) {
        return env.toLowerCase(Locale.ROOT).replace('_', '.');
    }

    /** Fails with a message naming the override when a fixed port is already taken. */
    public static void requireFree(int port, String what, String env) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new PortInUseException(port, what, env, e);
        }
    }
}
