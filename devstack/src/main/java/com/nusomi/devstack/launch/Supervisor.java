package com.nusomi.devstack.launch;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Keeps the platform's services running: a child that exits while the platform is up is started again after the
 * {@link RestartPolicy}'s backoff, and every change is reported (state, pid, restart count) to a listener (the
 * launcher's status file) and a log line.
 */
public final class Supervisor implements AutoCloseable {
    private final Platform platform;
    private final RestartPolicy policy;
    private final Duration readyTimeout;
    private final Consumer<List<ServiceStatus>> onChange;
    private final Consumer<String> log;
    private final ScheduledExecutorService timer;
    private final Map<NusomiService, Tracked> tracked = new EnumMap<>(NusomiService.class);
    private boolean closed;

    /** Mutable bookkeeping of one service, guarded by the supervisor's lock. */
    private static final class Tracked {
        ServiceProcess process;
        ServiceState state;
        Instant since = Instant.now();
        int failures;
        int restarts;
    }

    private Supervisor(Platform platform, RestartPolicy policy, Duration readyTimeout,
                       Consumer<List<ServiceStatus>> onChange, Consumer<String> log) {
        this.platform = platform;
        this.policy = policy;
        this.readyTimeout = readyTimeout;
        this.onChange = onChange;
        this.log = log;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "nusomi-supervisor");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts watching every service of {@code platform} (all ready at this point).
     *
     * @param onChange receives the whole table after every change
     * @param log      receives one line per exit and per restart
     */
    public static Supervisor watch(Platform platform, RestartPolicy policy, Duration readyTimeout,
                                   Consumer<List<ServiceStatus>> onChange, Consumer<String> log) {
        Supervisor supervisor = new Supervisor(platform, policy, readyTimeout, onChange, log);
        synchronized (supervisor) {
            for (NusomiService service : NusomiService.values()) {
                Tracked t = new Tracked();
                t.process = platform.service(service);
                t.state = t.process.isAlive() ? ServiceState.UP : ServiceState.RESTARTING;
                supervisor.tracked.put(service, t);
            }
        }
        for (NusomiService service : NusomiService.values()) {
            supervisor.follow(service, platform.service(service));
        }
        supervisor.publish();
        return supervisor;
    }

    public synchronized List<ServiceStatus> statuses() {
        List<ServiceStatus> table = new ArrayList<>();
        tracked.forEach((service, t) -> table.add(new ServiceStatus(service.module(), t.state, t.process.pid(),
                t.process.port(), t.restarts, t.since)));
        return table;
    }

    private void follow(NusomiService service, ServiceProcess process) {
        process.onExit().thenAccept(code -> exited(service, process, code));
    }

    private void exited(NusomiService service, ServiceProcess process, int code) {
        synchronized (this) {
            Tracked t = tracked.get(service);
            if (closed || t.process != process) {
                return;
            }
            process.forgetPid();
            Duration uptime = Duration.between(process.startedAt(), Instant.now());
            t.failures = policy.failuresAfterExit(t.failures, uptime);
            Duration delay = policy.backoff(t.failures);
            t.state = ServiceState.RESTARTING;
            t.since = Instant.now();
            log.accept(service.module() + " (pid " + process.pid() + ") exited with code " + code + " after "
                    + uptime.toSeconds() + " s; starting it again in " + seconds(delay) + " (restart " + (t.restarts + 1)
                    + "; its log: " + process.log() + ")");
            timer.schedule(() -> restart(service), delay.toMillis(), TimeUnit.MILLISECONDS);
        }
        publish();
    }

    private void restart(NusomiService service) {
        ServiceProcess next;
        synchronized (this) {
            if (closed) {
                return;
            }
            Tracked t = tracked.get(service);
            try {
                next = platform.restart(service);
            } catch (IOException | RuntimeException e) {
                t.failures++;
                Duration delay = policy.backoff(t.failures);
                log.accept(service.module() + " could not be started again (" + e.getMessage() + "); next try in "
                        + seconds(delay));
                timer.schedule(() -> restart(service), delay.toMillis(), TimeUnit.MILLISECONDS);
                return;
            }
            t.process = next;
            t.restarts++;
            t.state = ServiceState.STARTING;
            t.since = Instant.now();
        }
        publish();
        follow(service, next);
        Thread.ofVirtual().name("nusomi-supervisor-ready-" + service.module()).start(() -> awaitReady(service, next));
    }

    private void awaitReady(NusomiService service, ServiceProcess process) {
        try {
            process.awaitReady(readyTimeout);
        } catch (IOException e) {
            return; // it died (its exit starts the next round) or hangs (shown as starting)
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        synchronized (this) {
            Tracked t = tracked.get(service);
            if (closed || t.process != process) {
                return;
            }
            t.state = ServiceState.UP;
            t.since = Instant.now();
            log.accept(service.module() + " is up again (pid " + process.pid() + ")");
        }
        publish();
    }

    private void publish() {
        List<ServiceStatus> table = statuses();
        try {
            onChange.accept(table);
        } catch (RuntimeException e) {
            log.accept("could not record the service status: " + e);
        }
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** Stops restarting (call before closing the platform); the table then shows every service down. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            tracked.values().forEach(t -> {
                t.state = ServiceState.DOWN;
                t.since = Instant.now();
            });
        }
        timer.shutdownNow();
    }
}
