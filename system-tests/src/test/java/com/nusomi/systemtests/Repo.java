package com.nusomi.systemtests;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files of the repository under test. */
final class Repo {
    private Repo() {}

    static Path root() {
        String configured = System.getProperty("nusomi.root");
        Path root = configured != null ? Path.of(configured) : Path.of("..").toAbsolutePath().normalize();
        if (!Files.exists(root.resolve("docker-compose.yml"))) {
            throw new IllegalStateException("cannot find the repository root from " + root);
        }
        return root;
    }

    static Path path(String relative) {
        return root().resolve(relative);
    }
}
