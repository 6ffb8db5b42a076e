package com.nusomi.captureagent.sample;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sample-app [--port P]}: serves the sample invoice app until stopped; prints its URL first. */
@Command(name = "sample-app", mixinStandardHelpOptions = true, description = "Serve the bundled sample invoice app on 127.0.0.1.")
public final class SampleAppCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "8765", description = "port (default: ${DEFAULT-VALUE}; 0 = any free port)")
    int port;

    @Override
    public Integer call() throws Exception {
        try (SampleApp app = SampleApp.start(port)) {
            System.out.println(app.url());
            System.out.flush();
            new CountDownLatch(1).await();
        }
        return 0;
    }
}
