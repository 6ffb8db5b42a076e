package com.nusomi.devstack.launch;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.ToIntFunction;

/**
 * The seven services started as child JVMs against running infrastructure; closing stops them. A {@link Supervisor}
 * may start a service again through {@link #restart(NusomiService)}.
 */
public final class Platform implements AutoCloseable {
    /** Small heaps: seven services plus infrastructure must fit a laptop (DESIGN "Resident memory"). */
    public static final List<String> SERVICE_JVM_OPTIONS = List.of(
            "-Xmx192m", "-Xss512k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError");

    /**
     * The shard writer keeps the optimising compiler: it hashes (SHA-256) and compresses every byte it exports, and
     * the JDK's SHA-256 intrinsic (SHA-NI) exists only in C2; under C1 alone hashing is ~10× slower (docs/benchmarks.md).
     */
    public static final List<String> SHARD_WRITER_JVM_OPTIONS = SERVICE_JVM_OPTIONS.stream()
            .filter(o -> !o.startsWith("-XX:TieredStopAtLevel")).toList();

    /** The JVM options {@code service} runs with. */
    public static List<String> jvmOptions(NusomiService service) {
        return service == NusomiService.SHARD_WRITER ? SHARD_WRITER_JVM_OPTIONS : SERVICE_JVM_OPTIONS;
    }

    private final Map<NusomiService, ServiceProcess> services;
    private boolean closed;

    private Platform(Map<NusomiService, ServiceProcess> services) {
        this.services = services;
    }

    /**
     * Starts every service and waits until each reports ready.
     *
     * @param infraConfig connection settings of Kafka, registry, PostgreSQL and object store (Quarkus property names)
     * @param ports the port of each service
     * @param operatorKey the installation's operator key, handed to the gateway through its environment
     * @param dataDir parent of each service's local state (Kafka Streams state stores)
     */
    public static Platform start(Path root, Map<String, String> infraConfig, ToIntFunction<NusomiService> ports,
                                 String operatorKey, Path dataDir, Path logDir, Duration readyTimeout)
            throws IOException, InterruptedException {
        return start(root, infraConfig, ports, operatorKey, dataDir, logDir, null, readyTimeout);
    }

    /** As above; {@code pidDir} (may be null) holds each child's {@code <module>.pid} while it runs. */
    public static Platform start(Path root, Map<String, String> infraConfig, ToIntFunction<NusomiService> ports,
                                 String operatorKey, Path dataDir, Path logDir, Path pidDir, Duration readyTimeout)
            throws IOException, InterruptedException {
        Map<NusomiService, ServiceProcess> started = new EnumMap<>(NusomiService.class);
        var platform = new Platform(started);
        try {
            for (NusomiService service : NusomiService.values()) {
                Map<String, String> properties = new HashMap<>(infraConfig);
                properties.put("nusomi.data-dir", dataDir.resolve(service.module()).toString());
                // A local run delivers webhooks to receivers on the laptop (production refuses internal targets).
                properties.put("nusomi.webhooks.allow-private-targets", "true");
                if (service == NusomiService.API_GATEWAY) {
                    properties.put("nusomi.gateway.capture-ingest-url",
                            "http://127.0.0.1:" + ports.applyAsInt(NusomiService.CAPTURE_INGEST));
                }
                Map<String, String> environment = new HashMap<>();
                environment.put("NUSOMI_DATA_DIR", dataDir.resolve(service.module()).toString());
                if (service == NusomiService.API_GATEWAY) {
                    environment.put("NUSOMI_GATEWAY_OPERATOR_KEY", operatorKey);
                }
                ServiceProcess process = ServiceProcess.start(root, service.module(), ports.applyAsInt(service),
                        jvmOptions(service), properties, environment, logDir, pidDir);
                synchronized (platform) {
                    started.put(service, process);
                }
            }
            platform.awaitReady(readyTimeout);
            return platform;
        } catch (IOException | InterruptedException | RuntimeException e) {
            platform.close();
            throw e;
        }
    }

    private void awaitReady(Duration timeout) throws IOException, InterruptedException {
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try {
            List<Future<?>> waits = new ArrayList<>();
            for (ServiceProcess process : processes()) {
                waits.add(pool.submit(() -> {
                    process.awaitReady(timeout);
                    return null;
                }));
            }
            for (Future<?> wait : waits) {
                try {
                    wait.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The service's current process (a restart replaces it). */
    public synchronized ServiceProcess service(NusomiService service) {
        return services.get(service);
    }

    public String gatewayUrl() {
        return service(NusomiService.API_GATEWAY).url();
    }

    public synchronized List<ServiceProcess> processes() {
        return List.copyOf(services.values());
    }

    /**
     * Starts {@code service} again with its original command, once its process has exited.
     *
     * @throws IllegalStateException when the platform is closing or the process still runs
     */
    public synchronized ServiceProcess restart(NusomiService service) throws IOException {
        if (closed) {
            throw new IllegalStateException("the platform is stopping");
        }
        ServiceProcess next = services.get(service).restart();
        services.put(service, next);
        return next;
    }

    /** Stops every service, in parallel; no restart happens once this began. */
    @Override
    public void close() {
        List<ServiceProcess> running;
        synchronized (this) {
            closed = true;
            running = List.copyOf(services.values());
        }
        List<Thread> stopping = new ArrayList<>();
        for (ServiceProcess process : running) {
            stopping.add(Thread.ofVirtual().start(process::close));
        }
        for (Thread t : stopping) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
