package com.nusomi.devstack.launch;

import com.nusomi.devstack.internal.OwnProcesses;
import com.nusomi.devstack.internal.OwnProcesses.Leftover;
import com.nusomi.devstack.internal.StaleStacks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What a launcher killed without its shutdown (SIGKILL, OOM killer, a closed terminal) leaves running on its home:
 * service child JVMs, the registry child, PostgreSQL. Each is found through its pid file under the home or its
 * command line, and only a process whose command line names this home is ever signalled.
 */
public final class Leftovers {
    /** Services lost Kafka with their launcher: a short grace, then SIGKILL. */
    private static final OwnProcesses.Stop SERVICE_STOP = new OwnProcesses.Stop(List.of("TERM"), Duration.ofSeconds(10));

    private Leftovers() {}

    /** Leftovers of earlier runs on {@code home}, in stop order: services, registry, PostgreSQL. */
    public static List<Leftover> find(Path home) {
        Path abs = home.toAbsolutePath().normalize();
        RunDirectory run = new RunDirectory(abs);
        Map<Long, Leftover> found = new LinkedHashMap<>();
        for (NusomiService service : NusomiService.values()) {
            Predicate<String> ours = isService(abs, service);
            OwnProcesses.readPid(run.servicePidDir().resolve(service.module() + ".pid"))
                    .flatMap(pid -> OwnProcesses.ours(pid, ours))
                    .ifPresent(h -> found.put(h.pid(), new Leftover(service.module(), h, SERVICE_STOP)));
            OwnProcesses.find(ours).forEach(h -> found.putIfAbsent(h.pid(), new Leftover(service.module(), h, SERVICE_STOP)));
        }
        List<Leftover> all = new ArrayList<>(found.values());
        all.addAll(StaleStacks.findLeftovers(abs));
        return all;
    }

    /** Stops every leftover (services in parallel, then the registry, then PostgreSQL); returns what it stopped. */
    public static List<String> stop(Path home) {
        List<Leftover> all = find(home);
        List<Thread> services = new ArrayList<>();
        for (Leftover l : all) {
            if (l.how() == SERVICE_STOP) {
                services.add(Thread.ofVirtual().start(l::stop));
            }
        }
        for (Thread t : services) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<String> stopped = new ArrayList<>();
        for (Leftover l : all) {
            stopped.add(l.describe());
        }
        // the registry and PostgreSQL in order, plus their stale pid files
        StaleStacks.stopLeftovers(home.toAbsolutePath().normalize());
        return stopped;
    }

    /** A service child of a launcher on {@code home}: its jar, and its data dir under {@code <home>/services/}. */
    static Predicate<String> isService(Path home, NusomiService service) {
        String dataDir = "-Dnusomi.data-dir=" + home.resolve("services").resolve(service.module());
        return cmd -> cmd.contains("quarkus-run.jar") && StaleStacks.hasArgument(cmd, dataDir);
    }
}
