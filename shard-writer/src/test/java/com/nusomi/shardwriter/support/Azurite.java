package com.nusomi.shardwriter.support;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Azurite's blob service (npm, installed into {@code .tools/} by {@code .ci/setup-test-tools.sh}) as a child process
 * on a port chosen when the test profile is built; tests that need it are skipped when it is not installed.
 */
public final class Azurite {
    public static final String ACCOUNT = "devstoreaccount1";
    /** Azurite's well-known development key (public, documented by Microsoft). */
    public static final String KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    public static final int PORT = port();
    private static Process process;

    private Azurite() {}

    /** Endpoint template for {@code nusomi.destination.azure-endpoint}. */
    public static String endpointTemplate() {
        return "http://127.0.0.1:" + PORT + "/{account}";
    }

    public static String endpoint() {
        return "http://127.0.0.1:" + PORT + "/" + ACCOUNT;
    }

    /** True when Azurite runs (started on first call); false when it is not installed under .tools/. */
    public static synchronized boolean start() {
        if (process != null) {
            return process.isAlive();
        }
        Path bin = findBinary();
        if (bin == null) {
            return false;
        }
        try {
            Path data = Files.createTempDirectory("azurite");
            process = new ProcessBuilder(bin.toString(), "--blobHost", "127.0.0.1", "--blobPort", String.valueOf(PORT),
                    "--location", data.toString(), "--disableTelemetry", "--skipApiVersionCheck", "--silent")
                    .redirectErrorStream(true).redirectOutput(new File(data.toFile(), "azurite.log")).start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
            Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
            while (Instant.now().isBefore(deadline)) {
                try (Socket ignored = new Socket("127.0.0.1", PORT)) {
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

    private static Path findBinary() {
        for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path bin = dir.resolve(".tools/node_modules/.bin/azurite-blob");
            if (Files.isExecutable(bin)) {
                return bin;
            }
        }
        return null;
    }

    private static synchronized int port() {
        String port = System.getProperty("nusomi.test.azurite-port");
        if (port == null) {
            try (ServerSocket socket = new ServerSocket(0)) {
                port = String.valueOf(socket.getLocalPort());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            System.setProperty("nusomi.test.azurite-port", port);
        }
        return Integer.parseInt(port);
    }
}
