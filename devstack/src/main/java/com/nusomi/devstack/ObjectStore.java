package com.nusomi.devstack;

import com.nusomi.devstack.internal.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;

/**
 * An S3-compatible object store in this JVM: S3Proxy over a filesystem directory (persistent) or an in-memory
 * store (tests), with AWS signature V2/V4 authentication and a fixed access/secret key. Clients use path-style
 * access ({@code forcePathStyle(true)} in the AWS SDK v2).
 */
public final class ObjectStore implements AutoCloseable {
    public static final String ACCESS_KEY = "nusomi-devstack";
    public static final String SECRET_KEY = "nusomi-devstack-secret";
    public static final String REGION = "us-east-1";
    public static final String DEFAULT_BUCKET = "nusomi";

    private volatile S3Proxy proxy;
    /** The port served, kept so a restart binds the same one. */
    private volatile int boundPort;
    private final BlobStore store;
    private final String bucket;
    private volatile boolean closed;

    private ObjectStore(S3Proxy proxy, BlobStore store, String bucket) {
        this.proxy = proxy;
        this.store = store;
        this.bucket = bucket;
    }

    /**
     * Starts S3Proxy on 127.0.0.1:{@code port} (0 = any free port).
     *
     * @param baseDir objects are kept as files under it; {@code null} keeps them in memory
     * @param bucket  created if missing
     */
    public static ObjectStore start(Path baseDir, int port, String bucket) {
        Properties props = new Properties();
        String provider;
        if (baseDir == null) {
            provider = "transient";
        } else {
            provider = "filesystem";
            try {
                Files.createDirectories(baseDir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            props.setProperty("jclouds.filesystem.basedir", baseDir.toAbsolutePath().toString());
        }
        props.setProperty("jclouds.identity", ACCESS_KEY);
        props.setProperty("jclouds.credential", SECRET_KEY);
        BlobStore store = BlobStores.create(provider, props);
        S3Proxy proxy = proxy(store, port);
        ObjectStore objectStore = new ObjectStore(proxy, store, bucket);
        try {
            proxy.start();
            Await.until("S3Proxy", Duration.ofSeconds(30),
                    () -> "STARTED".equals(proxy.getState()) && proxy.getPort() > 0 ? Boolean.TRUE : null);
            objectStore.boundPort = proxy.getPort();
            if (!store.containerExists(bucket)) {
                store.createContainer(bucket);
            }
            return objectStore;
        } catch (Exception e) {
            objectStore.close();
            throw new IllegalStateException("could not start the object store: " + e, e);
        }
    }

    private static S3Proxy proxy(BlobStore store, int port) {
        return S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .ignoreUnknownHeaders(true)
                .build();
    }

    /**
     * Takes the S3 endpoint down (its port refuses connections) while keeping every object; {@link #startServer()}
     * brings it back on the same port. For fault tests: an object store outage.
     */
    public synchronized void stopServer() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop S3Proxy", e);
        }
    }

    /** Serves the same objects again on the same port after {@link #stopServer()}. */
    public synchronized void startServer() {
        S3Proxy next = proxy(store, boundPort);
        try {
            next.start();
            Await.until("S3Proxy", Duration.ofSeconds(30),
                    () -> "STARTED".equals(next.getState()) && next.getPort() > 0 ? Boolean.TRUE : null);
        } catch (Exception e) {
            throw new IllegalStateException("could not start the object store again: " + e, e);
        }
        proxy = next;
    }

    /** e.g. http://127.0.0.1:18333 */
    public String endpoint() {
        return "http://127.0.0.1:" + boundPort;
    }

    public int port() {
        return boundPort;
    }

    public String bucket() {
        return bucket;
    }

    public String accessKey() {
        return ACCESS_KEY;
    }

    public String secretKey() {
        return SECRET_KEY;
    }

    public String region() {
        return REGION;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop S3Proxy", e);
        } finally {
            store.close();
        }
    }
}
