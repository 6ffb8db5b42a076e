package com.nusomi.cli;

import static com.nusomi.cli.Output.col;

import com.nusomi.sdk.Export;
import com.nusomi.sdk.ExportListFilter;
import com.nusomi.sdk.LocalCredentials;
import com.nusomi.sdk.Nusomi;
import com.nusomi.sdk.NusomiException;
import com.nusomi.sdk.model.Destination;
import com.nusomi.sdk.model.ExportCreate;
import com.nusomi.sdk.model.ExportFilter;
import com.nusomi.sdk.model.FrameSampling;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nusomi exports create|get|list|wait}. */
@Command(mixinStandardHelpOptions = true, versionProvider = NusomiCli.VersionProvider.class,
        name = "exports", description = "Datasets from sealed sessions: create, show, list, wait for one.",
        subcommands = {ExportsCommand.Create.class, ExportsCommand.Get.class, ExportsCommand.ListExports.class,
                ExportsCommand.Wait.class})
final class ExportsCommand extends NusomiCli.Group {

    static final List<Output.Column<Export>> COLUMNS = List.of(
            col("ID", Export::id), col("STATUS", Export::status), col("FORMAT", e -> e.data().format()),
            col("TAG", e -> e.data().tag()), col("ROWS", Export::rows),
            col("SHARDS", e -> e.shardsDone() + "/" + (e.shards() == null ? "?" : e.shards())),
            col("MANIFEST", Export::manifestUrl),
            col("ERROR", e -> e.data().error() == null ? null : e.data().error().code()));

    /** Polls with a progress bar of shards done on stderr; prints the final export; exit 1 when it failed. */
    static int waitAndPrint(Common common, Export export, Duration timeout) {
        Output output = common.output();
        Export done;
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName(export.id())
                .setInitialMax(export.shards() == null ? 0 : export.shards())
                .setStyle(ProgressBarStyle.ASCII).setUnit(" shards", 1).setUpdateIntervalMillis(250).hideEta()
                .setConsumer(new ConsoleProgressBarConsumer(common.context().err())).build()) {
            done = export.waitFor(Duration.ofMillis(500), timeout, e -> {
                if (e.shards() != null) {
                    bar.maxHint(e.shards());
                }
                bar.stepTo(e.shardsDone());
                bar.setExtraMessage(e.status());
            });
        } catch (NusomiException e) {
            if (!e.code().equals(NusomiException.TIMEOUT)) {
                output.value(export.refresh(), COLUMNS); // the failed export, with its error, for scripts
            }
            throw e;
        }
        output.value(done, COLUMNS);
        return NusomiCli.OK;
    }

    @Command(mixinStandardHelpOptions = true, versionProvider = NusomiCli.VersionProvider.class,
            name = "create", description = "Queue an export of a workflow's sealed sessions.")
    static final class Create implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        Common common;
        @Option(names = "--workflow", required = true, paramLabel = "SLUG", description = "workflow (repeat for several)")
        List<String> workflows;
        @Option(names = "--format", defaultValue = "parquet", description = "parquet (default), webdataset, jsonl, arrow")
        String format;
        @Option(names = "--destination", defaultValue = "signed_url",
                description = "signed_url (default), s3, or local (the object store of $NUSOMI_HOME/credentials.json)")
        String destination;
        @Option(names = "--bucket", description = "s3 bucket (local: the installation's bucket)") String bucket;
        @Option(names = "--prefix", description = "key prefix, e.g. datasets/v1/") String prefix;
        @Option(names = "--region", description = "s3 region") String region;
        @Option(names = "--endpoint", description = "S3-compatible endpoint") String endpoint;
        @Option(names = "--outcome", description = "success, error, abandoned") String outcome;
        @Option(names = "--since", description = "ISO-8601 or relative (30d)") String since;
        @Option(names = "--until", description = "ISO-8601 or relative; fix it for a reproducible dataset") String until;
        @Option(names = "--sampling", description = "event_only (default), every_n_ms, keyframes_only, all") String sampling;
        @Option(names = "--interval-ms", description = "interval of every_n_ms") Long intervalMs;
        @Option(names = "--tag", description = "version tag") String tag;
        @Option(names = "--wait", description = "wait for it with a progress bar, then print it") boolean waitFor;

        @Override
        public Integer call() {
            Nusomi nusomi = common.client();
            ExportFilter filter = ExportFilter.none().withOutcome(outcome).withSince(since).withUntil(until);
            ExportCreate.Builder body = ExportCreate.builder().format(format).destination(destination(nusomi)).tag(tag)
                    .filter(filter.equals(ExportFilter.none()) ? null : filter);
            if (workflows.size() == 1) {
                body.workflow(workflows.get(0));
            } else {
                body.workflows(workflows);
            }
            if (sampling != null) {
                body.frameSampling(new FrameSampling(sampling, intervalMs, null));
            }
            Export export = nusomi.exports().create(body.build());
            if (waitFor) {
                return waitAndPrint(common, export, null);
            }
            common.output().value(export, COLUMNS);
            return NusomiCli.OK;
        }

        private Destination destination(Nusomi nusomi) {
            switch (destination) {
                case "signed_url" -> {
                    return Destination.signedUrl();
                }
                case "s3" -> {
                    if (bucket == null) {
                        throw new CommandLine.ParameterException(spec.commandLine(), "--destination s3 needs --bucket");
                    }
                    return new Destination.S3(bucket, prefix, region, null, endpoint);
                }
                case "local" -> {
                    LocalCredentials local = nusomi.localCredentials()
                            .or(() -> LocalCredentials.read(LocalCredentials.path(common.context().env())))
                            .orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(),
                                    "--destination local needs $NUSOMI_HOME/credentials.json (./nusomi up writes it)"));
                    LocalCredentials.ObjectStore store = local.objectStore();
                    return new Destination.S3(bucket != null ? bucket : store.bucket(), prefix,
                            region != null ? region : store.region(), null, store.endpoint());
                }
                default -> throw new CommandLine.ParameterException(spec.commandLine(),
                        "--destination is signed_url, s3 or local, not " + destination);
            }
        }
    }

    @Command(mixinStandardHelpOptions = true, versionProvider = NusomiCli.VersionProvider.class,
            name = "get", description = "One export.")
    static final class Get implements Callable<Integer> {
        @Mixin
        Common common;
        @Parameters(paramLabel = "EXPORT_ID") String id;

        @Override
        public Integer call() {
            common.output().value(common.client().exports().get(id), COLUMNS);
            return NusomiCli.OK;
        }
    }

    @Command(mixinStandardHelpOptions = true, versionProvider = NusomiCli.VersionProvider.class,
            name = "list", description = "Exports, newest first.")
    static final class ListExports implements Callable<Integer> {
        @Mixin
        Common common;
        @Option(names = "--workflow") String workflow;
        @Option(names = "--status", description = "queued, running, completed, failed") String status;
        @Option(names = "--tag") String tag;
        @Option(names = "--limit", defaultValue = "50", description = "at most this many (default ${DEFAULT-VALUE})") int limit;

        @Override
        public Integer call() {
            ExportListFilter filter = new ExportListFilter(workflow, status, tag, null)
                    .withPageSize(Math.min(Math.max(limit, 1), 100));
            common.output().table(common.client().exports().list(filter).stream().limit(limit).toList(), COLUMNS);
            return NusomiCli.OK;
        }
    }

    @Command(mixinStandardHelpOptions = true, versionProvider = NusomiCli.VersionProvider.class,
            name = "wait", description = "Wait for an export with a progress bar of shards done (on stderr), then print it; "
            + "exit 1 with its error code when it fails.")
    static final class Wait implements Callable<Integer> {
        @Mixin
        Common common;
        @Parameters(paramLabel = "EXPORT_ID") String id;
        @Option(names = "--timeout", paramLabel = "SECONDS", description = "give up after this long (default: no limit)")
        Long timeoutSeconds;

        @Override
        public Integer call() {
            Export export = common.client().exports().get(id);
            return waitAndPrint(common, export, timeoutSeconds == null ? null : Duration.ofSeconds(timeoutSeconds));
        }
    }
}
