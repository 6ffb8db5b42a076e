package com.nusomi.devstack;

import com.nusomi.contracts.Topic;
import com.nusomi.devstack.internal.ComponentStartException;
import com.nusomi.devstack.internal.DevStackLogging;
import com.nusomi.devstack.internal.PortInUseException;
import com.nusomi.devstack.internal.Ports;
import com.nusomi.devstack.internal.StaleStacks;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.logging.Logger;

/**
 * The whole infrastructure, embedded: PostgreSQL, a KRaft Kafka broker with the topic catalog, an S3 object
 * store, and Apicurio Registry (child process) — started in dependency order (the registry in parallel with
 * Kafka and the object store), stopped in reverse: registry, object store, Kafka, PostgreSQL.
 *
 * <pre>{@code
 * try (DevStack stack = DevStack.start(DevStackOptions.forTests())) {
 *     DevStackSettings s = stack.settings();
 * }
 * }</pre>
 */
public final class DevStack implements InfraStack {
    private static final Logger LOG = Logger.getLogger(DevStack.class.getName());

    private final DevStackOptions options;
    private Postgres postgres;
    private KafkaBroker kafka;
    private ObjectStore objectStore;
    private SchemaRegistry registry;
    private DevStackSettings settings;
    private Duration startupTime;
    private boolean closed;

    private DevStack(DevStackOptions options) {
        this.options = options;
    }

    /** Tests: temporary data, free ports, in-memory registry. */
    public static DevStack startForTests() {
        return start(DevStackOptions.forTests());
    }

    /** The local run: persistent data under {@code home}, fixed (overridable) ports, registry on PostgreSQL. */
    public static DevStack startLocal(Path home) {
        return start(DevStackOptions.local(home));
    }

    public static DevStack start(DevStackOptions options) {
        DevStackLogging.quietInfrastructure();
        DevStack stack = new DevStack(options);
        try {
            stack.startAll();
            return stack;
        } catch (RuntimeException | Error e) {
            try {
                stack.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private synchronized void startAll() {
        long t0 = System.nanoTime();
        if (!options.persistent()) {
            try {
                StaleStacks.claim(options.dataDir());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            StaleStacks.reapSiblings(options.dataDir());
        } else {
            // a run of this home killed with SIGKILL left PostgreSQL (and maybe the registry) holding its ports
            StaleStacks.stopLeftovers(options.dataDir())
                    .forEach(what -> LOG.info(() -> "stopped " + what + " left running by an earlier run"));
        }
        int[] free = Ports.free(6);
        int kafkaPort = pick(options.kafkaPort(), free[0], "Kafka", DevStackOptions.ENV_KAFKA_PORT);
        int controllerPort = pick(options.kafkaControllerPort(), free[1], "Kafka controller",
                DevStackOptions.ENV_KAFKA_CONTROLLER_PORT);
        int registryPort = pick(options.registryPort(), free[2], "Schema registry", DevStackOptions.ENV_REGISTRY_PORT);
        int managementPort = pick(options.registryManagementPort(), free[3], "Schema registry management",
                DevStackOptions.ENV_REGISTRY_MANAGEMENT_PORT);
        int s3Port = pick(options.s3Port(), free[4], "Object store", DevStackOptions.ENV_S3_PORT);
        int pgPort = pick(options.postgresPort(), free[5], "PostgreSQL", DevStackOptions.ENV_POSTGRES_PORT);

        // The in-memory registry needs nothing: launch it first so its JVM boots while the rest starts.
        if (!options.registryOnPostgres()) {
            registry = SchemaRegistry.launch(options.registryDir(), registryPort, managementPort,
                    SchemaRegistry.Storage.inMemory());
        }
        postgres = starting("PostgreSQL", options.postgresDir(), postgresLog(),
                () -> Postgres.start(options.postgresDir(), pgPort, options.persistent()));
        if (options.registryOnPostgres()) {
            registry = SchemaRegistry.launch(options.registryDir(), registryPort, managementPort,
                    SchemaRegistry.Storage.postgres(postgres.jdbcUrl(Postgres.REGISTRY_DATABASE), Postgres.USER,
                            Postgres.PASSWORD));
        }
        SchemaRegistry launched = registry;
        CompletableFuture<Void> registryReady = CompletableFuture.runAsync(
                () -> launched.awaitReady(Duration.ofSeconds(180)), daemonExecutor("nusomi-devstack-registry-wait"));
        try {
            kafka = starting("Kafka", options.kafkaDir(), null, () -> {
                KafkaBroker broker = KafkaBroker.start(options.kafkaDir(), kafkaPort, controllerPort);
                kafka = broker;
                broker.createTopics(Topic.allSpecs());
                return broker;
            });
            objectStore = starting("The object store", options.objectsDir(), null,
                    () -> ObjectStore.start(options.objectsDir(), s3Port, options.bucket()));
        } finally {
            try {
                registryReady.join();
            } catch (CompletionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : e;
                throw new ComponentStartException("The schema registry", options.registryDir(), launched.logFile(), cause);
            }
        }
        settings = new DevStackSettings(
                kafka.bootstrapServers(),
                registry.url(),
                postgres.jdbcUrl(Postgres.DATABASE),
                postgres.reactiveUrl(Postgres.DATABASE),
                postgres.user(),
                postgres.password(),
                objectStore.endpoint(),
                objectStore.region(),
                objectStore.accessKey(),
                objectStore.secretKey(),
                objectStore.bucket());
        startupTime = Duration.ofNanos(System.nanoTime() - t0);
        LOG.fine(() -> "devstack ready in " + startupTime.toMillis() + " ms under " + options.dataDir());
    }

    /** Tags a failed start with its component and data directory, so the launcher can say what to do. */
    private static <T> T starting(String component, Path dataDir, Path log, java.util.function.Supplier<T> start) {
        try {
            return start.get();
        } catch (ComponentStartException | PortInUseException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ComponentStartException(component, dataDir, log, e);
        }
    }

    private Path postgresLog() {
        return options.postgresDir().resolveSibling(options.postgresDir().getFileName() + ".log");
    }

    private static java.util.concurrent.Executor daemonExecutor(String name) {
        return task -> {
            Thread t = new Thread(task, name);
            t.setDaemon(true);
            t.start();
        };
    }

    private int pick(int configured, int free, String what, String env) {
        if (configured != 0) {
            Ports.requireFree(configured, what, env);
            return configured;
        }
        return free;
    }

    @Override
    public DevStackSettings settings() {
        if (settings == null) {
            throw new IllegalStateException("devstack not started");
        }
        return settings;
    }

    public DevStackOptions options() {
        return options;
    }

    /** Wall time from start() to everything ready. */
    public Duration startupTime() {
        return startupTime;
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public SchemaRegistry registry() {
        return registry;
    }

    public ObjectStore objectStore() {
        return objectStore;
    }

    public Postgres postgres() {
        return postgres;
    }

    /** Stops the components in reverse start order; a temporary data directory is deleted. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException failure = null;
        // Reverse dependency order: the registry (a client of PostgreSQL), the object store, Kafka, PostgreSQL.
        java.util.List<AutoCloseable> order = new java.util.ArrayList<>();
        for (AutoCloseable c : new AutoCloseable[] {registry, objectStore, kafka, postgres}) {
            if (c != null) {
                order.add(c);
            }
        }
        for (AutoCloseable next : order) {
            try {
                next.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("stopping the devstack failed", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (!options.persistent()) {
            try {
                ApicurioDistribution.deleteTree(options.dataDir());
            } catch (IOException e) {
                LOG.warning("could not delete " + options.dataDir() + ": " + e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
