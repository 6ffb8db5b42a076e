package com.nusomi.systemtests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A "remote store" for benchmarks: a plain TCP proxy in front of a local S3 endpoint that makes it behave like a bucket
 * reached over a wide-area network. Each connection is a link per direction with a fixed one-way latency and a
 * bandwidth cap (bytes are serialised at {@code bytesPerSecond}, then arrive {@code oneWayLatency} later), so a
 * request/response turn costs one round trip (2 × latency) plus its bytes at the capped rate, and a new connection
 * costs {@code setupRoundTrips} more before its first byte (TCP and TLS handshakes of a real HTTPS endpoint). The
 * bytes themselves pass unchanged (the Host header too, so S3 signatures still verify). Counts connections and bytes.
 */
final class RemoteStoreShaper implements AutoCloseable {
    private static final int CHUNK = 64 * 1024;
    private static final byte[] EOF = new byte[0];

    /** What the shaper simulates; {@link #none()} passes bytes through untouched (a remote endpoint on the same box). */
    record Profile(Duration oneWayLatency, long bytesPerSecond, int setupRoundTrips) {
        static Profile none() {
            return new Profile(Duration.ZERO, 0, 0);
        }

        boolean shapes() {
            return oneWayLatency.isPositive() || bytesPerSecond > 0;
        }

        /** Bytes one direction may hold in flight: twice the bandwidth-delay product, so the cap is what limits. */
        int window() {
            long rttBytes = bytesPerSecond <= 0 ? 0 : bytesPerSecond * 2 * oneWayLatency.toNanos() / 1_000_000_000L;
            return (int) Math.min(64L * 1024 * 1024, Math.max(4L * CHUNK, 2 * rttBytes));
        }

        String describe() {
            if (!shapes()) {
                return "no shaping";
            }
            return String.format("%d ms one way (%d ms per request/response round trip), %s per connection and direction, "
                            + "%d extra round trip(s) per new connection", oneWayLatency.toMillis(), 2 * oneWayLatency.toMillis(),
                    bytesPerSecond <= 0 ? "unlimited" : String.format("%.0f MB/s", bytesPerSecond / 1e6), setupRoundTrips);
        }
    }

    private final InetSocketAddress upstream;
    private final Profile profile;
    private final ServerSocket server;
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong bytesUp = new AtomicLong();
    private final AtomicLong bytesDown = new AtomicLong();

    RemoteStoreShaper(String upstreamUrl, Profile profile) throws IOException {
        URI uri = URI.create(upstreamUrl);
        this.upstream = new InetSocketAddress(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 80);
        this.profile = profile;
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("remote-store-shaper-" + server.getLocalPort()).start(this::accept);
    }

    /** The endpoint to give an export's destination instead of the store's. */
    String endpoint() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    Profile profile() {
        return profile;
    }

    long connections() {
        return connections.get();
    }

    /** Bytes sent towards the store (requests and their bodies) and back (responses). */
    long bytesUp() {
        return bytesUp.get();
    }

    long bytesDown() {
        return bytesDown.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                connections.incrementAndGet();
                Thread.ofVirtual().start(() -> connect(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void connect(Socket client) {
        try {
            Socket store = new Socket();
            store.connect(upstream);
            client.setTcpNoDelay(true);
            store.setTcpNoDelay(true);
            // the handshakes of a real endpoint: nothing flows before they are done
            sleepUntil(System.nanoTime() + profile.setupRoundTrips() * 2 * profile.oneWayLatency().toNanos());
            AtomicInteger ended = new AtomicInteger();
            Runnable done = () -> {
                // both directions ended: the connection is over
                if (ended.incrementAndGet() == 2) {
                    closeQuietly(client);
                    closeQuietly(store);
                }
            };
            Link up = new Link(client, store, bytesUp, done);
            Link down = new Link(store, client, bytesDown, done);
            up.start();
            down.start();
        } catch (IOException e) {
            closeQuietly(client);
        }
    }

    /** One direction of a connection: a reader stamps each chunk with its arrival time, a sender delivers it then. */
    private final class Link {
        private final Socket from;
        private final Socket to;
        private final AtomicLong counter;
        private final Runnable done;
        private final BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
        private final Semaphore window = new Semaphore(profile.window());
        private long linkFreeAt;

        private record Chunk(byte[] bytes, long deliverAt) {}

        Link(Socket from, Socket to, AtomicLong counter, Runnable done) {
            this.from = from;
            this.to = to;
            this.counter = counter;
            this.done = done;
        }

        void start() {
            Thread.ofVirtual().start(this::read);
            Thread.ofVirtual().start(this::send);
        }

        private void read() {
            byte[] buffer = new byte[CHUNK];
            try {
                // not closed here: closing a socket's stream closes the socket, which the other direction still writes
                InputStream in = from.getInputStream();
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (n == 0) {
                        continue;
                    }
                    window.acquireUninterruptibly(n);
                    queue.add(new Chunk(Arrays.copyOf(buffer, n), arrival(n)));
                }
            } catch (IOException e) {
                // the other side went away: end this direction
            }
            queue.add(new Chunk(EOF, arrival(0)));
        }

        /** When {@code n} bytes read now arrive: after the link has serialised them at the cap, plus the latency. */
        private long arrival(int n) {
            long now = System.nanoTime();
            long start = Math.max(now, linkFreeAt);
            linkFreeAt = profile.bytesPerSecond() <= 0 ? start : start + n * 1_000_000_000L / profile.bytesPerSecond();
            return linkFreeAt + profile.oneWayLatency().toNanos();
        }

        private void send() {
            try {
                OutputStream out = to.getOutputStream();
                while (true) {
                    Chunk chunk = queue.take();
                    sleepUntil(chunk.deliverAt());
                    if (chunk.bytes() == EOF) {
                        to.shutdownOutput();
                        break;
                    }
                    out.write(chunk.bytes());
                    counter.addAndGet(chunk.bytes().length);
                    window.release(chunk.bytes().length);
                }
            } catch (IOException | InterruptedException e) {
                // a reset or a closed peer: the whole connection is over
                closeQuietly(from);
                closeQuietly(to);
            }
            done.run();
        }
    }

    private static void sleepUntil(long deadline) {
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
