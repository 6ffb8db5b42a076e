package com.nusomi.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The TypeScript SDK's live tests ({@code npm run test:live}: the code blocks of seeds 004, 000 step 4 and 001
 * "Exporting" as written, every resource, the SSE reconnect through a connection that drops) run with Node's test
 * runner against the platform this JVM started, in a workspace of their own. Skipped only when npm is absent.
 */
@ExtendWith(RunningPlatform.class)
class TypeScriptSdkLiveIT {
    private static final Pattern COUNT = Pattern.compile("^(?:#|ℹ) (pass|fail|skipped|cancelled|todo) (\\d+)$", Pattern.MULTILINE);

    @Test
    void theSeedCodeAndEveryResourceRunAgainstThePlatform(RunningPlatform.Handle platform) throws Exception {
        Assumptions.assumeTrue(TypeScriptSdk.npm().isPresent(), "npm not found on PATH: the TypeScript SDK's live tests are skipped");
        TypeScriptSdk.prepare();
        TypeScriptSdk.Installation installation = TypeScriptSdk.install(platform, "sdk-typescript-live");
        var env = TypeScriptSdk.env(installation);
        env.put("NUSOMI_LIVE_URL", installation.gatewayUrl());

        TypeScriptSdk.Run run = TypeScriptSdk.run(env, "test-live", "run", "test:live");

        assertEquals(0, run.exitCode(), "npm run test:live failed (full output in " + run.log() + "):\n" + run.tail());
        // node --test prints its totals; a live suite that skipped itself (no URL or key reached it) must not pass
        assertEquals(0, count(run, "fail"), run.tail());
        assertEquals(0, count(run, "skipped"), run.tail());
        assertEquals(0, count(run, "cancelled"), run.tail());
        assertTrue(count(run, "pass") >= 5, run.tail());
    }

    private static int count(TypeScriptSdk.Run run, String what) {
        Matcher m = COUNT.matcher(run.output());
        while (m.find()) {
            if (m.group(1).equals(what)) {
                return Integer.parseInt(m.group(2));
            }
        }
        throw new AssertionError("node --test printed no '# " + what + "' total:\n" + run.tail());
    }
}
