package com.nusomi.devstack.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nusomi.devstack.DevStackOptions;
import com.nusomi.devstack.internal.ComponentStartException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user error ends {@code ./nusomi up} with one line that says what to do, never a stack trace. */
class LauncherErrorsTest {

    @Test
    void aServicePortTakenByAnotherProgramIsOneLineNamingItsVariable(@TempDir Path dir) throws Exception {
        Map<String, String> env = LauncherProcess.freePorts();
        String variable = NusomiService.API_GATEWAY.portVariable();
        int port = Integer.parseInt(env.get(variable));
        try (ServerSocket other = occupy(port)) {
            LauncherProcess up = LauncherProcess.run(dir, dir.resolve("home"), env, "up");
            assertEquals(1, up.exitCode(), up.output());
            assertEquals(List.of("nusomi: api-gateway port " + port + " on 127.0.0.1 is in use by another program (another"
                    + " nusomi with a different NUSOMI_HOME?): stop it, or choose another port with " + variable + "=<port>"),
                    up.lines());
        }
        String trace = Files.readString(dir.resolve("home/logs/launcher.log"));
        assertTrue(trace.contains("PortInUseException") && trace.contains("\tat "), "the full trace is in the log:\n" + trace);
    }

    @Test
    void thePostgresPortTakenIsOneLineToo(@TempDir Path dir) throws Exception {
        Map<String, String> env = LauncherProcess.freePorts();
        int port = Integer.parseInt(env.get(DevStackOptions.ENV_POSTGRES_PORT));
        try (ServerSocket other = occupy(port)) {
            LauncherProcess up = LauncherProcess.run(dir, dir.resolve("home"), env, "up");
            assertEquals(1, up.exitCode(), up.output());
            List<String> errors = up.lines().stream().filter(l -> l.startsWith("nusomi: PostgreSQL port")).toList();
            assertEquals(List.of("nusomi: PostgreSQL port " + port + " on 127.0.0.1 is in use by another program (another"
                    + " nusomi with a different NUSOMI_HOME?): stop it, or choose another port with NUSOMI_POSTGRES_PORT=<port>"),
                    errors);
            assertEquals(errors.get(0), up.lines().getLast(), "the error is the last word:\n" + up.output());
            assertNoTrace(up);
        }
    }

    @Test
    void aDamagedCredentialsFileAndABadPortValueAreOneLineEach(@TempDir Path dir) throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.writeString(home.resolve(Credentials.FILE), "{\"operator_key\": ");
        LauncherProcess damaged = LauncherProcess.run(dir, home, LauncherProcess.freePorts(), "up");
        assertEquals(1, damaged.exitCode(), damaged.output());
        assertEquals(List.of("nusomi: " + home.resolve(Credentials.FILE) + " is damaged (JsonEOFException): delete it to get"
                + " a new default workspace and keys, or ./nusomi up --wipe to start afresh"), damaged.lines());

        Map<String, String> env = new HashMap<>(LauncherProcess.freePorts());
        env.put(NusomiService.SHARD_WRITER.portVariable(), "eighty");
        Files.delete(home.resolve(Credentials.FILE));
        LauncherProcess badPort = LauncherProcess.run(dir, home, env, "up");
        assertEquals(1, badPort.exitCode(), badPort.output());
        assertEquals(List.of("nusomi: NUSOMI_SHARD_WRITER_PORT=eighty is not a port: set it to a number from 1 to 65535,"
                + " or unset it for the default"), badPort.lines());
    }

    @Test
    void aComponentThatDoesNotStartFromItsDataPointsAtItsLogAndTheWipe() {
        Path home = Path.of("/data/nusomi");
        var failure = new IllegalStateException("startup failed", new ComponentStartException("PostgreSQL",
                home.resolve("postgres"), home.resolve("postgres.log"), new IOException("pg_ctl exited with 1")));
        assertEquals("PostgreSQL did not start from its data in /data/nusomi/postgres (its log: /data/nusomi/postgres.log);"
                + " if that data is damaged, ./nusomi up --wipe starts afresh (it deletes all local data of /data/nusomi)",
                ErrorMessages.oneLine(failure, home, home.resolve("logs/launcher.log")));
        assertEquals("unexpected error: NullPointerException: boom (full trace in /data/nusomi/logs/launcher.log)",
                ErrorMessages.oneLine(new NullPointerException("boom\nsecond line"), home, home.resolve("logs/launcher.log")));
    }

    private static ServerSocket occupy(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return socket;
    }

    private static void assertNoTrace(LauncherProcess p) {
        assertTrue(p.lines().stream().noneMatch(l -> l.startsWith("\tat ") || l.contains("Exception")), p.output());
    }
}
