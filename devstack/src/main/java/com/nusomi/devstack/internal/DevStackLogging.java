package com.nusomi.devstack.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.jboss.logmanager.handlers.FileHandler;

/**
 * Keeps the embedded servers quiet: their categories log at WARN. The slf4j provider of the devstack is
 * jboss-logmanager (the one Quarkus uses), so a Quarkus test JVM has a single provider.
 */
public final class DevStackLogging {
    private static final List<String> INFRASTRUCTURE = List.of(
            "kafka", "state.change.logger", "org.apache.kafka", "org.apache.zookeeper",
            "org.gaul", "org.eclipse.jetty", "org.gaul.shaded", "io.zonky", "org.testcontainers",
            "com.github.dockerjava", "tc", "org.apache.http", "software.amazon.awssdk", "com.azure", "com.google");

    private DevStackLogging() {}

    /** WARN for the categories of the embedded servers (and the Kafka admin client the devstack uses). */
    public static void quietInfrastructure() {
        for (String category : INFRASTRUCTURE) {
            setLevel(category, Level.WARNING);
        }
        // benign WARN on the first start of a fresh log dir ("metadata log appears to be empty")
        setLevel("org.apache.kafka.controller.QuorumController", Level.SEVERE);
    }

    /** WARN for everything (the standalone local run). */
    public static void quietEverything() {
        setLevel("", Level.WARNING);
        quietInfrastructure();
        // the broker's own controller channel warns when closed twice on shutdown
        setLevel("org.apache.kafka.clients.NetworkClient", Level.SEVERE);
    }

    /**
     * Sends every log record of this JVM to {@code file} instead of the console (the launcher: its terminal shows
     * its own lines only; what the embedded servers and libraries log goes to {@code logs/launcher.log}).
     */
    public static void toFile(Path file) {
        try {
            Files.createDirectories(file.getParent());
            FileHandler handler = new FileHandler(new PatternFormatter("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5p [%c] (%t) %s%e%n"),
                    file.toFile(), true);
            handler.setAutoFlush(true);
            for (LogContext context : List.of(LogContext.getLogContext(), LogContext.getSystemLogContext())) {
                java.util.logging.Logger root = context.getLogger("");
                for (Handler h : root.getHandlers()) {
                    root.removeHandler(h);
                }
                root.addHandler(handler);
            }
        } catch (IOException | LinkageError | RuntimeException e) {
            // logging stays on the console
        }
    }

    private static void setLevel(String category, Level level) {
        try {
            LogContext.getLogContext().getLogger(category).setLevel(level);
            if (LogContext.getLogContext() != LogContext.getSystemLogContext()) {
                LogContext.getSystemLogContext().getLogger(category).setLevel(level);
            }
        } catch (LinkageError | RuntimeException e) {
            java.util.logging.Logger.getLogger(category).setLevel(level);
        }
    }
}
