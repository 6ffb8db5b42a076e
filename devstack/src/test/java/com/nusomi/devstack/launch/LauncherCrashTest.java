package com.nusomi.devstack.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nusomi.devstack.internal.OwnProcesses;
import com.nusomi.devstack.internal.Ports;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12: after the launcher is killed with SIGKILL its PostgreSQL keeps running. {@code up} and {@code down} on
 * the same home must stop it (and whatever else the run left) and a new start must work, without a manual step.
 * The real launcher and real infrastructure, in a JVM of their own; the seven services are stand-ins (they are
 * built after this module), so what is exercised is the launcher's process handling.
 */
class LauncherCrashTest {
    private static final Duration START = Duration.ofMinutes(4);

    @Test
    void upAndDownStopWhatAKilledLauncherLeftAndStartCleanly(@TempDir Path dir) throws Exception {
        Path root = StandInRoot.create(dir.resolve("root"));
        Path home = dir.resolve("home");
        Map<String, String> env = LauncherProcess.freePorts();

        long firstPostgres;
        try (LauncherProcess first = LauncherProcess.start(root, home, env, "up")) {
            first.awaitLine("nusomi: ready in", START);
            firstPostgres = postmasterPid(home);
            first.kill();
        }
        assertTrue(alive(firstPostgres), "the scenario: PostgreSQL outlives its launcher (pg_ctl detached it)");

        LauncherProcess status = LauncherProcess.run(root, home, env, "status");
        assertEquals(3, status.exitCode(), status.output());
        assertTrue(status.output().contains("PostgreSQL (pid " + firstPostgres + ")")
                && status.output().contains("./nusomi down"), status.output());

        // up on the same home, with no down first
        long secondPostgres;
        try (LauncherProcess second = LauncherProcess.start(root, home, env, "up")) {
            String cleaned = second.awaitLine("nusomi: stopped what an earlier run", START);
            assertTrue(cleaned.contains("PostgreSQL (pid " + firstPostgres + ")"), cleaned);
            second.awaitLine("nusomi: ready in", START);
            assertFalse(alive(firstPostgres), "the old PostgreSQL is stopped");
            secondPostgres = postmasterPid(home);
            assertNotEquals(firstPostgres, secondPostgres);

            LauncherProcess running = LauncherProcess.run(root, home, env, "status");
            assertEquals(0, running.exitCode(), running.output());
            List<String> rows = running.lines().stream().filter(l -> l.matches("\\s+[a-z-]+\\s+up\\s+\\d+\\s+\\d+\\s+0\\s+.*")).toList();
            assertEquals(NusomiService.values().length, rows.size(), running.output());
            for (NusomiService service : NusomiService.values()) {
                assertTrue(rows.stream().anyMatch(r -> r.contains(service.module()) && r.contains(env.get(service.portVariable()))),
                        service.module() + " with its port in\n" + running.output());
            }
            second.kill();
        }
        assertTrue(alive(secondPostgres));

        // down with the launcher gone
        LauncherProcess down = LauncherProcess.run(root, home, env, "down");
        assertEquals(0, down.exitCode(), down.output());
        assertTrue(down.output().contains("PostgreSQL (pid " + secondPostgres + ")"), down.output());
        assertFalse(alive(secondPostgres), "down stops the PostgreSQL of a killed launcher");
        for (String port : env.values()) {
            Ports.requireFree(Integer.parseInt(port), "port", "-"); // nothing of the run holds a port
        }
        LauncherProcess after = LauncherProcess.run(root, home, env, "status");
        assertEquals(3, after.exitCode());
        assertEquals(List.of("nusomi: not running for " + home.toAbsolutePath()), after.lines(), after.output());
    }

    private static long postmasterPid(Path home) {
        return OwnProcesses.readPid(home.resolve("postgres/postmaster.pid")).orElseThrow();
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
