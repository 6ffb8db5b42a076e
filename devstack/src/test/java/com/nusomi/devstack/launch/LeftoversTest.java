package com.nusomi.devstack.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nusomi.devstack.internal.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cleanup signals a pid from a file only when the process's command line proves it belongs to this home. */
class LeftoversTest {

    @Test
    void stopsAServiceOfThisHomeAndLeavesAnUnrelatedProcessWithARecycledPidAlone(@TempDir Path dir) throws Exception {
        Path root = StandInRoot.create(dir.resolve("root"));
        Path home = dir.resolve("home");
        RunDirectory run = new RunDirectory(home);
        NusomiService service = NusomiService.CAPTURE_INGEST;
        // started exactly as Platform starts a service of this home
        ServiceProcess ours = ServiceProcess.start(root, service.module(), Ports.free(), List.of(),
                Map.of("nusomi.data-dir", home.resolve("services").resolve(service.module()).toString()), Map.of(),
                home.resolve("logs"), run.servicePidDir());
        Process unrelated = new ProcessBuilder("sleep", "600").start();
        try {
            ours.awaitReady(Duration.ofMinutes(1));
            // pid files of a long-gone run whose pids now belong to someone else
            Files.writeString(run.servicePidDir().resolve("event-extractor.pid"), Long.toString(unrelated.pid()));
            Files.createDirectories(home.resolve("postgres"));
            Files.writeString(home.resolve("postgres/postmaster.pid"), unrelated.pid() + "\n" + home.resolve("postgres") + "\n");
            Files.createDirectories(home.resolve("registry"));
            Files.writeString(home.resolve("registry/registry.pid"), Long.toString(unrelated.pid()));

            assertEquals(List.of("capture-ingest (pid " + ours.pid() + ")"),
                    Leftovers.find(home).stream().map(l -> l.describe()).toList());
            List<String> stopped = Leftovers.stop(home);

            assertEquals(List.of("capture-ingest (pid " + ours.pid() + ")"), stopped);
            assertFalse(ours.isAlive(), "the service of this home is stopped");
            assertTrue(unrelated.isAlive(), "a process that is not ours is never signalled");
            assertFalse(Files.exists(home.resolve("postgres/postmaster.pid")),
                    "a postmaster.pid naming a foreign process is removed (PostgreSQL would refuse to start)");
            assertFalse(Files.exists(home.resolve("registry/registry.pid")));
        } finally {
            ours.close();
            unrelated.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void downSignalsOnlyTheLauncherOfItsOwnHome() {
        RunDirectory run = new RunDirectory(Path.of("/data/nusomi"));
        String java = "/usr/lib/jvm/jdk/bin/java -Xmx1g -cp a.jar:b.jar " + RunDirectory.LAUNCHER_CLASS + " up --root /src";
        assertTrue(run.isLauncherOfThisHome(java + " --home /data/nusomi"));
        assertTrue(run.isLauncherOfThisHome(java + " --home /data/./nusomi/"));
        assertFalse(run.isLauncherOfThisHome(java + " --home /data/nusomi-other"), "another home's launcher");
        assertFalse(run.isLauncherOfThisHome("/usr/bin/vim --home /data/nusomi"), "not a launcher at all");
    }
}
