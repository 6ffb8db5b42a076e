package com.nusomi.captureagent.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

/**
 * Keeps the page's renderer main thread on a CPU of its own while the bench measures it ({@code -Dbench.pin=true}, where
 * {@code taskset} and two CPUs exist): the bench JVM (and so the recorder and the Chromium it launches) runs on the
 * other CPUs, and before each drive every renderer's main thread is moved to CPU 0 and its other threads to the rest.
 * What is measured stays the page's main-thread CPU time; what pinning takes away is the recorder's JVM and Chromium's
 * browser and GPU processes taking turns with it on one core. Off by default: on this 2-core machine a pinned run (24
 * rounds) read no steadier than unpinned ones (its control phase ±3 points too) and put the page's compositor thread on
 * the busy CPU (docs/benchmarks.md "Capture overhead (issue 10)").
 */
final class CpuPinning {
    private static final int CPUS = Runtime.getRuntime().availableProcessors();
    private static final String OTHERS = CPUS == 2 ? "1" : "1-" + (CPUS - 1);

    private CpuPinning() {}

    /** Whether pinning is asked for and possible here. */
    static boolean enabled() {
        return Boolean.parseBoolean(System.getProperty("bench.pin", "false")) && CPUS >= 2 && Files.isExecutable(Path.of("/usr/bin/taskset"));
    }

    /** Moves every thread of this JVM to the CPUs other than 0; the threads and processes it starts later inherit that. */
    static void leaveCpuZero() {
        taskset(List.of("-a", "-p", "-c", OTHERS, Long.toString(ProcessHandle.current().pid())));
    }

    /** Each renderer's main thread to CPU 0, its other threads to the other CPUs. */
    static void isolateMainThreads(Collection<Long> rendererPids) {
        for (long pid : rendererPids) {
            taskset(List.of("-a", "-p", "-c", OTHERS, Long.toString(pid)));
            taskset(List.of("-p", "-c", "0", Long.toString(pid))); // without -a: the thread whose id is the pid, the main one
        }
    }

    private static void taskset(List<String> arguments) {
        var command = new java.util.ArrayList<>(List.of("/usr/bin/taskset"));
        command.addAll(arguments);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0 && !out.contains("No such process")) { // a renderer that ended in between is no matter
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out.strip());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run taskset: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while pinning", e);
        }
    }
}
