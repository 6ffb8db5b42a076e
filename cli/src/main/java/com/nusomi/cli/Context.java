package com.nusomi.cli;

import java.io.PrintStream;
import java.util.Map;

/**
 * What a run of the CLI talks to: its environment and its two output streams (tests pass their own).
 *
 * @param env NUSOMI_API_KEY, NUSOMI_BASE_URL, NUSOMI_HOME
 * @param out results (tables, JSON)
 * @param err errors and progress bars
 */
public record Context(Map<String, String> env, PrintStream out, PrintStream err) {}
