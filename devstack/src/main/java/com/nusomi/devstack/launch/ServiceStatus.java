package com.nusomi.devstack.launch;

import java.time.Instant;

/**
 * One line of {@code ./nusomi status}.
 *
 * @param pid      the current (or last) process, 0 before the first spawn
 * @param restarts how often the supervisor started it again after an unexpected exit
 * @param since    when it entered {@code state}
 */
public record ServiceStatus(String name, ServiceState state, long pid, int port, int restarts, Instant since) {}
