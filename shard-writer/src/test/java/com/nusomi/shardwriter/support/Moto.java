package com.nusomi.shardwriter.support;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code python3 -m moto.server} (S3 + STS AssumeRole; it does not check roles or trust policies) as a child process
 * on a port chosen when the test profile is built; tests that need it are skipped when moto is not installed.
 */
public final class Moto {
    /** One port per JVM, whichever class loader (test profile or test) loads this class first. */
    public static final int PORT = port();
    private static Process process;

    private Moto() {}

    public static String endpoint() {
        return "http://127.0.0.1:" + PORT;
    }

    /** True when moto runs (started on first call); false when python3 or moto is missing here. */
    public static synchronized boolean start() {
        if (process != null) {
            return process.isAlive();
        }
        try {
            Process probe = new ProcessBuilder("python3", "-c", "import moto.server").redirectErrorStream(true).start();
            if (probe.waitFor() != 0) {
                return false;
            }
            process = new ProcessBuilder("python3", "-m", "moto.server", "-H", "127.0.0.1", "-p", String.valueOf(PORT))
                    .redirectErrorStream(true).redirectOutput(new File(System.getProperty("java.io.tmpdir"), "moto-" + PORT + ".log"))
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
            HttpClient http = HttpClient.newHttpClient();
            Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
            while (Instant.now().isBefore(deadline)) {
                try {
                    http.send(HttpRequest.newBuilder(URI.create(endpoint() + "/moto-api/")).build(), HttpResponse.BodyHandlers.discarding());
                    return true;
                } catch (IOException notYet) {
                    Thread.sleep(200);
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static synchronized int port() {
        String port = System.getProperty("nusomi.test.moto-port");
        if (port == null) {
            port = String.valueOf(freePort());
            System.setProperty("nusomi.test.moto-port", port);
        }
        return Integer.parseInt(port);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
