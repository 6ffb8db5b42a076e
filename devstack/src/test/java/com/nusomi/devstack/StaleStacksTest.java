package com.nusomi.devstack;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nusomi.devstack.internal.StaleStacks;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaleStacksTest {

    @Test
    void directoriesOfDeadOwnersAreRemovedLiveOnesKept(@TempDir Path parent) throws Exception {
        Process finished = new ProcessBuilder(SchemaRegistry.javaExecutable(), "-version").start();
        finished.waitFor();
        long deadPid = finished.pid();

        Path dead = Files.createDirectories(parent.resolve(StaleStacks.PREFIX + "dead"));
        Files.writeString(dead.resolve("owner.pid"), Long.toString(deadPid));
        Files.createDirectories(dead.resolve("kafka"));
        Path alive = Files.createDirectories(parent.resolve(StaleStacks.PREFIX + "alive"));
        StaleStacks.claim(alive);
        Path unowned = Files.createDirectories(parent.resolve(StaleStacks.PREFIX + "unowned"));
        Path mine = parent.resolve(StaleStacks.PREFIX + "mine");

        StaleStacks.reapSiblings(mine);

        assertFalse(Files.exists(dead), "a dead owner's stack is cleaned");
        assertTrue(Files.exists(alive), "a live owner's stack is kept");
        assertTrue(Files.exists(unowned), "a stack without owner file is left alone");
    }
}
