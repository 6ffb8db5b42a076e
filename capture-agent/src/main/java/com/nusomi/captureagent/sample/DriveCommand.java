package com.nusomi.captureagent.sample;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nusomi.captureagent.cdp.Browser;
import com.nusomi.captureagent.cdp.CdpConnection;
import java.io.File;
import java.net.URI;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code drive --cdp-url URL [--app-url URL] [--path success|validation_retry|abandon …] [--out truth.json]}. */
@Command(name = "drive", mixinStandardHelpOptions = true,
        description = "Drive the sample app in the Chromium at --cdp-url along scripted paths and write the ground truth as JSON.")
public final class DriveCommand implements Callable<Integer> {
    @Option(names = "--cdp-url", required = true, description = "the Chromium to drive, e.g. http://127.0.0.1:9222")
    URI cdpUrl;
    @Option(names = "--app-url", description = "the sample app (default: serve it here on a free port)")
    String appUrl;
    @Option(names = "--path", description = "success, server_error, validation_retry or abandon; repeatable (default: all four)")
    List<Driver.Path> paths = List.of(Driver.Path.values());
    @Option(names = "--out", description = "where to write the ground truth (default: stdout)")
    File out;
    @Option(names = "--pace-ms", defaultValue = "150", description = "pause between actions (default: ${DEFAULT-VALUE})")
    long paceMs;

    @Override
    public Integer call() throws Exception {
        SampleApp served = appUrl == null ? SampleApp.start(0) : null;
        try (CdpConnection cdp = CdpConnection.open(Browser.attach(cdpUrl).webSocketUrl())) {
            var driver = new Driver(cdp, appUrl != null ? appUrl : served.url(), paceMs);
            driver.run(paths);
            var writer = new ObjectMapper().writerWithDefaultPrettyPrinter();
            if (out == null) {
                System.out.println(writer.writeValueAsString(driver.groundTruth()));
            } else {
                writer.writeValue(out, driver.groundTruth());
            }
            return 0;
        } finally {
            if (served != null) {
                served.close();
            }
        }
    }
}
