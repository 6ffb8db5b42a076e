package com.nusomi.devstack.launch;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/** {@code $NUSOMI_HOME/logs/launcher.log}: what the launcher said, supervisor events, and full error traces. */
public final class LauncherLog {
    private final Path file;

    public LauncherLog(Path home) {
        this.file = home.resolve("logs").resolve("launcher.log");
    }

    public Path file() {
        return file;
    }

    public synchronized void line(String text) {
        append(Instant.now() + " " + text + "\n");
    }

    public void trace(String context, Throwable failure) {
        StringWriter out = new StringWriter();
        failure.printStackTrace(new PrintWriter(out));
        line(context + "\n" + out);
    }

    private void append(String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException | RuntimeException ignored) {
            // a log that cannot be written must not hide the error being reported
        }
    }
}
