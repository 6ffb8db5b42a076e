package com.nusomi.devstack.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nusomi.devstack.internal.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The supervisor on real child JVMs (stand-ins for the services): a killed service comes back, counted, with backoff. */
class SupervisorTest {
    private static final RestartPolicy FAST = new RestartPolicy(Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMinutes(5));
    private static final Duration READY = Duration.ofMinutes(2);

    @Test
    void aKilledServiceIsStartedAgainWithGrowingBackoffAndTheOthersAreLeftAlone(@TempDir Path dir) throws Exception {
        Path root = StandInRoot.create(dir.resolve("root"));
        int[] free = Ports.free(NusomiService.values().length);
        Map<NusomiService, Integer> ports = new EnumMap<>(NusomiService.class);
        for (NusomiService s : NusomiService.values()) {
            ports.put(s, free[s.ordinal()]);
        }
        Path pidDir = dir.resolve("run/services");
        List<String> log = new CopyOnWriteArrayList<>();
        AtomicReference<List<ServiceStatus>> published = new AtomicReference<>(List.of());
        List<ServiceProcess> started;

        try (Platform platform = Platform.start(root, Map.of(), ports::get, "nso_test", dir.resolve("data"),
                dir.resolve("logs"), pidDir, READY)) {
            started = platform.processes();
            for (ServiceProcess p : started) {
                assertEquals(Long.toString(p.pid()), Files.readString(pidDir.resolve(p.name() + ".pid")), "pid file of " + p.name());
            }
            try (Supervisor supervisor = Supervisor.watch(platform, FAST, READY, published::set, log::add)) {
                assertTrue(supervisor.statuses().stream().allMatch(s -> s.state() == ServiceState.UP && s.restarts() == 0));

                ServiceProcess first = platform.service(NusomiService.CAPTURE_INGEST);
                ProcessHandle.of(first.pid()).orElseThrow().destroyForcibly(); // kill -9
                ServiceStatus once = await(supervisor, "capture-ingest", s -> s.restarts() == 1 && s.state() == ServiceState.UP);
                assertNotEquals(first.pid(), once.pid());
                assertEquals(ports.get(NusomiService.CAPTURE_INGEST), once.port());
                assertTrue(platform.service(NusomiService.CAPTURE_INGEST).isReady(), "answers on its port again");
                assertEquals(Long.toString(once.pid()), Files.readString(pidDir.resolve("capture-ingest.pid")));

                // crashing again soon after: the wait doubles
                ProcessHandle.of(once.pid()).orElseThrow().destroyForcibly();
                ServiceStatus twice = await(supervisor, "capture-ingest", s -> s.restarts() == 2 && s.state() == ServiceState.UP);
                assertTrue(log.stream().anyMatch(l -> l.startsWith("capture-ingest (pid " + first.pid() + ") exited with code 137")
                        && l.contains("starting it again in 200 ms")), String.join("\n", log));
                assertTrue(log.stream().anyMatch(l -> l.startsWith("capture-ingest (pid " + once.pid() + ") exited with code 137")
                        && l.contains("starting it again in 400 ms")), String.join("\n", log));
                assertTrue(log.contains("capture-ingest is up again (pid " + twice.pid() + ")"), String.join("\n", log));

                for (ServiceStatus other : supervisor.statuses()) {
                    if (!other.name().equals("capture-ingest")) {
                        assertEquals(0, other.restarts(), other.toString());
                        assertEquals(ServiceState.UP, other.state(), other.toString());
                        assertTrue(started.stream().anyMatch(p -> p.pid() == other.pid()), "not restarted: " + other);
                    }
                }
                assertTrue(published.get().stream().anyMatch(s -> s.name().equals("capture-ingest") && s.restarts() == 2),
                        "the listener (the status file) saw the restarts: " + published.get());
            }
        }
        for (ServiceStatus s : published.get()) {
            assertFalse(ProcessHandle.of(s.pid()).map(ProcessHandle::isAlive).orElse(false), s.name() + " still runs");
        }
        try (var left = Files.list(pidDir)) {
            assertEquals(List.of(), left.toList(), "pid files are removed with their processes");
        }
    }

    private static ServiceStatus await(Supervisor supervisor, String name, Predicate<ServiceStatus> condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + READY.toNanos();
        while (System.nanoTime() < deadline) {
            for (ServiceStatus s : supervisor.statuses()) {
                if (s.name().equals(name) && condition.test(s)) {
                    return s;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError(name + " never reached the expected state: " + supervisor.statuses());
    }
}
