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

/** The seven services started as child JVMs against running infrastructure; closing stops them (services first). */
public final class Platform implements AutoCloseable {
    /** Small heaps: seven services plus infrastructure must fit a laptop (DESIGN "Resident memory"). */
    public static final List<String> SERVICE_JVM_OPTIONS = List.of(
            "-Xmx192m", "-Xss512k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError");

    private final Map<NusomiService, ServiceProcess> services;

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
                started.put(service, ServiceProcess.start(root, service.module(), ports.applyAsInt(service),
                        SERVICE_JVM_OPTIONS, properties, environment, logDir));
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
            for (ServiceProcess process : services.values()) {
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

    public ServiceProcess service(NusomiService service) {
        return services.get(service);
    }

    public String gatewayUrl() {
        return services.get(NusomiService.API_GATEWAY).url();
    }

    public List<ServiceProcess> processes() {
        return List.copyOf(services.values());
    }

    /** Stops the gateway first and the sealer last, in parallel where order does not matter. */
    @Override
    public void close() {
        List<Thread> stopping = new ArrayList<>();
        for (ServiceProcess process : services.values()) {
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
