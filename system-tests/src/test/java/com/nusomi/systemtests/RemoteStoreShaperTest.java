package com.nusomi.systemtests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The export benchmark's remote-store shaper passes bytes through unchanged, both ways, and ends connections cleanly. */
class RemoteStoreShaperTest {

    @Test
    void bytesPassUnchangedBothWaysAndHalfCloseEndsTheExchange() throws Exception {
        byte[] request = new byte[3 * 1024 * 1024 + 17];
        new Random(42).nextBytes(request);
        try (ServerSocket echo = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
             RemoteStoreShaper shaper = new RemoteStoreShaper("http://127.0.0.1:" + echo.getLocalPort(),
                     new RemoteStoreShaper.Profile(Duration.ofMillis(2), 50_000_000, 1))) {
            Thread server = Thread.ofVirtual().start(() -> echoOnce(echo));
            URI endpoint = URI.create(shaper.endpoint());
            byte[] response;
            try (Socket client = new Socket(endpoint.getHost(), endpoint.getPort())) {
                Thread sender = Thread.ofVirtual().start(() -> send(client, request));
                response = client.getInputStream().readAllBytes(); // ends only once the echo server closed its side
                sender.join();
            }
            server.join();
            assertArrayEquals(request, response);
            assertEquals(1, shaper.connections());
            assertEquals(request.length, shaper.bytesUp());
            assertEquals(request.length, shaper.bytesDown());
        }
    }

    /** Sends the bytes, then half-closes: the shaper must carry the end of the request to the server. */
    private static void send(Socket client, byte[] bytes) {
        try {
            OutputStream out = client.getOutputStream();
            out.write(bytes);
            out.flush();
            client.shutdownOutput();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Echoes one connection's bytes until its end, then closes. */
    private static void echoOnce(ServerSocket echo) {
        try (Socket s = echo.accept()) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            in.transferTo(out);
            s.shutdownOutput();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
