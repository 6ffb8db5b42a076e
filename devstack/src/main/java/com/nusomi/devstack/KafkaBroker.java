package com.nusomi.devstack;

import com.nusomi.contracts.Topic.TopicSpec;
import com.nusomi.devstack.internal.Await;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A single-node KRaft broker (broker + controller in one process) running inside this JVM.
 * Internal topics are replicated once with min ISR 1, so transactions (exactly_once_v2) work.
 */
public final class KafkaBroker implements AutoCloseable {
    private volatile KafkaRaftServer server;
    private final Path logDir;
    private final int port;
    private final int controllerPort;
    private volatile boolean closed;
    /** Set between {@link #stopServer()} and {@link #startServer()}. */
    private boolean serverDown;

    private KafkaBroker(KafkaRaftServer server, Path logDir, int port, int controllerPort) {
        this.server = server;
        this.logDir = logDir;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /**
     * Formats {@code logDir} if it is not formatted yet (an existing log dir is reused: data survives restarts),
     * starts the broker on 127.0.0.1:{@code port} with its controller on {@code controllerPort}, and waits until
     * {@code describeCluster} answers.
     */
    public static KafkaBroker start(Path logDir, int port, int controllerPort) {
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties props = serverProperties(logDir, port, controllerPort);
        format(logDir, props);
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        KafkaBroker broker = new KafkaBroker(server, logDir, port, controllerPort);
        try {
            server.startup();
            broker.awaitReady(Duration.ofSeconds(120));
            return broker;
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    static Properties serverProperties(Path logDir, int port, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir.toAbsolutePath().toString());
        p.put("num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("share.coordinator.state.topic.num.partitions", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "true");
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        p.put("background.threads", "4");
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
        p.put("log.cleaner.threads", "1");
        return p;
    }

    private static void format(Path logDir, Properties props) {
        Path config = null;
        try {
            config = Files.createTempFile("nusomi-kafka-", ".properties");
            try (OutputStream out = Files.newOutputStream(config)) {
                props.store(out, "nusomi devstack broker");
            }
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            int rc;
            try (PrintStream print = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
                rc = StorageTool.execute(new String[] {
                        "format", "--cluster-id", clusterId(logDir),
                        "--config", config.toString(), "--ignore-formatted"}, print);
            }
            if (rc != 0) {
                throw new IllegalStateException("formatting the Kafka log dir " + logDir + " failed (" + rc + "): "
                        + buffer.toString(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (config != null) {
                try {
                    Files.deleteIfExists(config);
                } catch (IOException ignored) {
                    // temp file
                }
            }
        }
    }

    /** The cluster id of an already formatted log dir (a restart), else a new one. */
    private static String clusterId(Path logDir) throws IOException {
        Path meta = logDir.resolve("meta.properties");
        if (Files.isRegularFile(meta)) {
            Properties p = new Properties();
            try (var in = Files.newInputStream(meta)) {
                p.load(in);
            }
            String id = p.getProperty("cluster.id");
            if (id != null && !id.isBlank()) {
                return id.trim();
            }
        }
        return Uuid.randomUuid().toString();
    }

    private void awaitReady(Duration timeout) {
        try (Admin admin = KafkaTopics.admin(bootstrapServers())) {
            Await.until("Kafka broker on " + bootstrapServers(), timeout,
                    () -> admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty() ? null : Boolean.TRUE);
        }
    }

    /** Creates the given topics if missing (partitions, retention.ms); existing ones are aligned. */
    public void createTopics(Collection<TopicSpec> specs) {
        KafkaTopics.ensure(bootstrapServers(), specs);
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public int controllerPort() {
        return controllerPort;
    }

    public Path logDir() {
        return logDir;
    }

    /**
     * Stops the broker as a restart would (orderly shutdown, data kept); clients see it gone until
     * {@link #startServer()}. For fault tests: a broker restart under load.
     */
    public synchronized void stopServer() {
        if (closed) {
            throw new IllegalStateException("the broker is closed");
        }
        if (!serverDown) {
            server.shutdown();
            server.awaitShutdown();
            serverDown = true;
        }
    }

    /** Starts the broker again on the same log dir and ports after {@link #stopServer()}, and waits until it answers. */
    public synchronized void startServer() {
        if (closed) {
            throw new IllegalStateException("the broker is closed");
        }
        if (!serverDown) {
            throw new IllegalStateException("the broker is running");
        }
        Properties props = serverProperties(logDir, port, controllerPort);
        KafkaRaftServer next = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        server = next;
        serverDown = false;
        next.startup();
        awaitReady(Duration.ofSeconds(120));
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!serverDown) {
            server.shutdown();
            server.awaitShutdown();
        }
    }
}
