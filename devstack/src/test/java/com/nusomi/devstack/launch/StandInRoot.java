package com.nusomi.devstack.launch;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** A repository root whose seven {@code <module>/target/quarkus-app/quarkus-run.jar} run {@link StandInService}. */
final class StandInRoot {
    private StandInRoot() {}

    static Path create(Path root) throws IOException {
        Path classes;
        try {
            classes = Path.of(StandInService.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, StandInService.class.getName());
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classes.toUri().toString());
        for (NusomiService service : NusomiService.values()) {
            Path jar = ServiceProcess.jar(root, service.module());
            Files.createDirectories(jar.getParent());
            try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
                // the manifest is the whole jar: its Class-Path points at the test classes
            }
        }
        return root;
    }
}
