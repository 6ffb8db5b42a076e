package com.nusomi.devstack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.nusomi.devstack.internal.DevStackLogging;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The local run's infrastructure: {@code java -cp devstack/target/classes:$(cat devstack/target/classpath.txt)
 * com.nusomi.devstack.LocalStackMain --home <NUSOMI_HOME>}.
 *
 * <p>Starts the embedded stack with persistent data under the home directory ({@code kafka/}, {@code postgres/},
 * {@code objects/}, {@code registry/} with {@code registry.log}), the registry on PostgreSQL; writes
 * {@code <home>/infra.json}; prints {@code NUSOMI_INFRA_READY <path to infra.json>} on one line; runs until
 * SIGTERM/SIGINT, then stops everything (no child process left) and removes infra.json.
 */
public final class LocalStackMain {
    public static final String READY_LINE = "NUSOMI_INFRA_READY";
    public static final String INFRA_FILE = "infra.json";

    private LocalStackMain() {}

    public static void main(String[] args) throws Exception {
        // jboss-logmanager is the slf4j provider: make it JUL's manager too, before anything logs
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        }
        Path home = null;
        for (int i = 0; i < args.length; i++) {
            if ("--home".equals(args[i]) && i + 1 < args.length) {
                home = Paths.get(args[++i]);
            } else if (args[i].startsWith("--home=")) {
                home = Paths.get(args[i].substring("--home=".length()));
            } else if ("--help".equals(args[i]) || "-h".equals(args[i])) {
                usage();
                return;
            } else {
                System.err.println("unknown argument: " + args[i]);
                usage();
                System.exit(2);
            }
        }
        if (home == null) {
            String env = System.getenv("NUSOMI_HOME");
            if (env == null || env.isBlank()) {
                usage();
                System.exit(2);
            }
            home = Paths.get(env);
        }
        DevStackLogging.quietEverything();
        home = home.toAbsolutePath().normalize();
        Files.createDirectories(home);
        Path infra = home.resolve(INFRA_FILE);
        Files.deleteIfExists(infra);

        CountDownLatch stopped = new CountDownLatch(1);
        DevStack[] holder = new DevStack[1];
        Object lock = new Object();
        Thread hook = new Thread(() -> {
            synchronized (lock) {
                try {
                    if (holder[0] != null) {
                        holder[0].close();
                    }
                } finally {
                    try {
                        Files.deleteIfExists(infra);
                    } catch (IOException ignored) {
                        // best effort
                    }
                    stopped.countDown();
                }
            }
        }, "nusomi-local-stack-stop");
        Runtime.getRuntime().addShutdownHook(hook);

        DevStack stack;
        try {
            stack = DevStack.startLocal(home);
        } catch (RuntimeException e) {
            System.err.println("nusomi: the infrastructure did not start: " + e.getMessage());
            e.printStackTrace();
            System.exit(1);
            return;
        }
        synchronized (lock) {
            holder[0] = stack;
        }
        writeInfra(infra, stack);
        System.out.println(READY_LINE + " " + infra);
        System.out.flush();
        stopped.await();
    }

    static void writeInfra(Path infra, DevStack stack) throws IOException {
        DevStackSettings s = stack.settings();
        Map<String, Object> json = new LinkedHashMap<>(s.toMap());
        json.put("quarkusConfig", s.asQuarkusConfig());
        json.put("pid", ProcessHandle.current().pid());
        json.put("home", stack.options().dataDir().toString());
        json.put("registryLog", stack.registry().logFile().toString());
        json.put("startedAt", Instant.now().toString());
        json.put("startupMillis", stack.startupTime().toMillis());
        Path tmp = infra.resolveSibling(INFRA_FILE + ".tmp");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(tmp.toFile(), json);
        Files.move(tmp, infra, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void usage() {
        System.err.println("usage: java -cp <devstack classpath> " + LocalStackMain.class.getName()
                + " --home <NUSOMI_HOME>\n"
                + "ports (env): NUSOMI_KAFKA_PORT=19092 NUSOMI_KAFKA_CONTROLLER_PORT=19093 NUSOMI_REGISTRY_PORT=18081"
                + " NUSOMI_REGISTRY_MANAGEMENT_PORT=18091 NUSOMI_S3_PORT=18333 NUSOMI_POSTGRES_PORT=15432");
    }
}
