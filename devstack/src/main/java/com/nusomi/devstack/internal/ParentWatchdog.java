package com.nusomi.devstack.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * A tiny Java agent put on child JVMs (the schema registry): when the devstack JVM that started the child is
 * gone (even killed with SIGKILL, when no shutdown hook runs) the child exits too. JDK classes only.
 */
public final class ParentWatchdog {
    private ParentWatchdog() {}

    /** Agent entry: {@code -javaagent:watchdog.jar=<parent pid>}. */
    public static void premain(String args) {
        long parentPid;
        try {
            parentPid = Long.parseLong(args == null ? "" : args.trim());
        } catch (NumberFormatException e) {
            return;
        }
        Thread watcher = new Thread(() -> {
            var parent = ProcessHandle.of(parentPid);
            if (parent.isPresent()) {
                parent.get().onExit().join();
            }
            Thread halter = new Thread(() -> {
                try {
                    Thread.sleep(15_000);
                } catch (InterruptedException ignored) {
                    // exiting anyway
                }
                Runtime.getRuntime().halt(3);
            }, "nusomi-parent-watchdog-halt");
            halter.setDaemon(true);
            halter.start();
            System.err.println("nusomi devstack: parent process " + parentPid + " is gone, exiting");
            System.exit(0);
        }, "nusomi-parent-watchdog");
        watcher.setDaemon(true);
        watcher.start();
    }

    public static void premain(String args, java.lang.instrument.Instrumentation ignored) {
        premain(args);
    }

    /** The agent jar at a fixed place under {@code cacheDir} (a stable path keeps the child's class-data archive valid). */
    public static Path agentJar(Path cacheDir) throws IOException {
        Path jar = cacheDir.resolve("devstack-parent-watchdog-" + classHash() + ".jar");
        if (!Files.isRegularFile(jar)) {
            writeAgentJar(jar);
        }
        return jar;
    }

    private static String classHash() throws IOException {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(classBytes());
            return java.util.HexFormat.of().formatHex(digest, 0, 6);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IOException(e);
        }
    }

    private static byte[] classBytes() throws IOException {
        String resource = ParentWatchdog.class.getName().replace('.', '/') + ".class";
        try (InputStream in = ParentWatchdog.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("class file " + resource + " not found");
            }
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            in.transferTo(buffer);
            return buffer.toByteArray();
        }
    }

    /** Writes the agent jar (this class only) to {@code jar}. */
    public static Path writeAgentJar(Path jar) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Premain-Class", ParentWatchdog.class.getName());
        String resource = ParentWatchdog.class.getName().replace('.', '/') + ".class";
        byte[] bytes = classBytes();
        Files.createDirectories(jar.getParent());
        Path tmp = Files.createTempFile(jar.getParent(), "watchdog", ".jar.tmp");
        try (OutputStream out = Files.newOutputStream(tmp); JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
            jarOut.putNextEntry(new JarEntry(resource));
            jarOut.write(bytes);
            jarOut.closeEntry();
        }
        Files.move(tmp, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return jar;
    }
}
