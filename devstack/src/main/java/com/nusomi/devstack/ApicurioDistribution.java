package com.nusomi.devstack;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * The Apicurio Registry server distribution ({@code io.apicurio:apicurio-registry-app:<v>:tar.gz:all}, a Quarkus
 * fast-jar). The devstack build declares it as a dependency so Maven puts it in the local repository; here it is
 * found there and unpacked once into a cache directory (a completion marker makes a half-unpacked copy redone).
 *
 * <p>Overrides: {@code -Dnusomi.devstack.apicurio.home=<unpacked dir>} (must hold quarkus-run.jar),
 * {@code -Dnusomi.devstack.apicurio.archive=<tar.gz>}, {@code -Dmaven.repo.local} / {@code MAVEN_REPO_LOCAL},
 * cache dir {@code -Dnusomi.devstack.cache} / {@code NUSOMI_CACHE_DIR} (default {@code ~/.cache/nusomi}).
 */
public final class ApicurioDistribution {
    public static final String GROUP_ID = "io.apicurio";
    public static final String ARTIFACT_ID = "apicurio-registry-app";
    public static final String CLASSIFIER = "all";
    private static final String MARKER = ".nusomi-unpacked";
    private static final Object LOCK = new Object();

    private ApicurioDistribution() {}

    /** The registry version the devstack was built with (root pom property apicurio.registry.app.version). */
    public static String version() {
        return Versions.get("apicurio.registry.app.version");
    }

    /** The unpacked distribution directory (contains quarkus-run.jar), unpacking it first if needed. */
    public static Path home() {
        String explicit = System.getProperty("nusomi.devstack.apicurio.home");
        if (explicit != null && !explicit.isBlank()) {
            Path dir = Paths.get(explicit);
            if (!Files.isRegularFile(dir.resolve("quarkus-run.jar"))) {
                throw new IllegalStateException("nusomi.devstack.apicurio.home=" + dir + " has no quarkus-run.jar");
            }
            return dir;
        }
        Path target = cacheDir().resolve("apicurio-registry-" + version());
        if (Files.isRegularFile(target.resolve(MARKER)) && Files.isRegularFile(target.resolve("quarkus-run.jar"))) {
            return target;
        }
        synchronized (LOCK) {
            try {
                Files.createDirectories(target.getParent());
                Path lockFile = target.getParent().resolve(target.getFileName() + ".lock");
                try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                     FileLock ignored = channel.lock()) {
                    if (Files.isRegularFile(target.resolve(MARKER))) {
                        return target;
                    }
                    unpack(archive(), target);
                    return target;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not unpack the Apicurio Registry distribution into " + target, e);
            }
        }
    }

    /** The tar.gz in the local Maven repository. */
    public static Path archive() {
        String explicit = System.getProperty("nusomi.devstack.apicurio.archive");
        if (explicit != null && !explicit.isBlank()) {
            return Paths.get(explicit);
        }
        String relative = GROUP_ID.replace('.', '/') + "/" + ARTIFACT_ID + "/" + version() + "/"
                + ARTIFACT_ID + "-" + version() + "-" + CLASSIFIER + ".tar.gz";
        List<Path> tried = new ArrayList<>();
        for (Path repo : localRepositoryCandidates()) {
            Path file = repo.resolve(relative);
            tried.add(file);
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        throw new IllegalStateException("The Apicurio Registry distribution " + GROUP_ID + ":" + ARTIFACT_ID + ":"
                + version() + ":tar.gz:" + CLASSIFIER + " is not in the local Maven repository (looked at " + tried
                + "). Build the devstack module once (./mvnw -pl contracts,devstack install -DskipTests) or run"
                + " ./mvnw dependency:get -Dartifact=" + GROUP_ID + ":" + ARTIFACT_ID + ":" + version() + ":tar.gz:"
                + CLASSIFIER + "; or point -Dnusomi.devstack.apicurio.archive at the file.");
    }

    /** Local repositories to look in, most explicit first. */
    static List<Path> localRepositoryCandidates() {
        Set<Path> out = new LinkedHashSet<>();
        addIfSet(out, System.getProperty("maven.repo.local"));
        addIfSet(out, System.getenv("MAVEN_REPO_LOCAL"));
        for (String env : List.of("MAVEN_OPTS", "MAVEN_ARGS")) {
            String value = System.getenv(env);
            if (value != null) {
                Matcher m = Pattern.compile("-Dmaven\\.repo\\.local=(\\S+)").matcher(value);
                while (m.find()) {
                    addIfSet(out, m.group(1));
                }
            }
        }
        Path fromClasspath = repositoryOfClass("org.apache.kafka.common.utils.Time", 6);
        if (fromClasspath != null) {
            out.add(fromClasspath);
        }
        Path home = Paths.get(System.getProperty("user.home"));
        Path settings = home.resolve(".m2/settings.xml");
        if (Files.isRegularFile(settings)) {
            try {
                Matcher m = Pattern.compile("<localRepository>\\s*([^<]+?)\\s*</localRepository>")
                        .matcher(Files.readString(settings));
                if (m.find()) {
                    addIfSet(out, m.group(1).replace("${user.home}", home.toString()));
                }
            } catch (IOException ignored) {
                // unreadable settings: fall through to the default
            }
        }
        out.add(home.resolve(".m2/repository"));
        return List.copyOf(out);
    }

    /** kafka-clients-x.jar sits at repo/org/apache/kafka/kafka-clients/x/kafka-clients-x.jar: 6 parents up. */
    private static Path repositoryOfClass(String className, int depth) {
        try {
            CodeSource source = Class.forName(className).getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) {
                return null;
            }
            Path jar = Paths.get(source.getLocation().toURI());
            if (!Files.isRegularFile(jar)) {
                return null;
            }
            Path dir = jar;
            for (int i = 0; i < depth && dir != null; i++) {
                dir = dir.getParent();
            }
            return dir;
        } catch (ClassNotFoundException | URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    private static void addIfSet(Set<Path> out, String value) {
        if (value != null && !value.isBlank()) {
            out.add(Paths.get(value.trim()));
        }
    }

    /** {@code -Dnusomi.devstack.cache}, {@code NUSOMI_CACHE_DIR}, {@code $XDG_CACHE_HOME/nusomi}, {@code ~/.cache/nusomi}. */
    public static Path cacheDir() {
        String prop = System.getProperty("nusomi.devstack.cache");
        if (prop != null && !prop.isBlank()) {
            return Paths.get(prop);
        }
        String env = System.getenv("NUSOMI_CACHE_DIR");
        if (env != null && !env.isBlank()) {
            return Paths.get(env);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Paths.get(xdg, "nusomi");
        }
        return Paths.get(System.getProperty("user.home"), ".cache", "nusomi");
    }

    private static void unpack(Path archive, Path target) throws IOException {
        deleteTree(target);
        Path staging = Files.createTempDirectory(target.getParent(), target.getFileName() + ".unpacking-");
        try {
            try (InputStream file = Files.newInputStream(archive);
                 InputStream gzip = new GzipCompressorInputStream(new BufferedInputStream(file, 1 << 16));
                 TarArchiveInputStream tar = new TarArchiveInputStream(gzip)) {
                TarArchiveEntry entry;
                while ((entry = tar.getNextEntry()) != null) {
                    Path out = staging.resolve(entry.getName()).normalize();
                    if (!out.startsWith(staging)) {
                        throw new IOException("archive entry outside the target: " + entry.getName());
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(out);
                    } else if (entry.isFile()) {
                        Files.createDirectories(out.getParent());
                        Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            Path root = staging;
            if (!Files.isRegularFile(root.resolve("quarkus-run.jar"))) {
                try (Stream<Path> children = Files.list(staging)) {
                    root = children.filter(p -> Files.isRegularFile(p.resolve("quarkus-run.jar"))).findFirst()
                            .orElseThrow(() -> new IOException(archive + " holds no quarkus-run.jar"));
                }
            }
            Files.writeString(root.resolve(MARKER), archive + "\n");
            Files.move(root, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            deleteTree(staging);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Versions filtered into devstack.properties at build time. */
    static final class Versions {
        private static final Properties PROPS = load();

        static String get(String key) {
            String value = PROPS.getProperty(key);
            if (value == null || value.startsWith("${")) {
                throw new IllegalStateException("devstack.properties has no " + key);
            }
            return value;
        }

        private static Properties load() {
            Properties p = new Properties();
            try (InputStream in = ApicurioDistribution.class.getResourceAsStream("devstack.properties")) {
                if (in != null) {
                    p.load(in);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return p;
        }
    }
}
