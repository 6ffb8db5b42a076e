package com.nusomi.cli;

import static com.nusomi.cli.Output.col;

import com.nusomi.sdk.model.Webhook;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nusomi webhooks create|list|delete}. */
@Command(mixinStandardHelpOptions = true, versionProvider = NusomiCli.VersionProvider.class,
        name = "webhooks", description = "Endpoints receiving signed event deliveries.",
        subcommands = {WebhooksCommand.Create.class, WebhooksCommand.ListWebhooks.class, WebhooksCommand.Delete.class})
final class WebhooksCommand extends NusomiCli.Group {

    static final List<Output.Column<Webhook>> COLUMNS = List.of(
            col("ID", Webhook::id), col("URL", Webhook::url), col("EVENTS", w -> String.join(",", w.events())),
            col("DESCRIPTION", Webhook::description), col("CREATED", Webhook::createdAt));

    @Command(mixinStandardHelpOptions = true, versionProvider = NusomiCli.VersionProvider.class,
            name = "create", description = "Subscribe an endpoint; its secret (whsec_…) is shown only now.")
    static final class Create implements Callable<Integer> {
        @Mixin
        Common common;
        @Option(names = "--url", required = true) String url;
        @Option(names = "--event", required = true, paramLabel = "TYPE",
                description = "session.sealed, export.completed … (repeat, or comma-separated)", split = ",")
        List<String> events;
        @Option(names = "--description") String description;

        @Override
        public Integer call() {
            Webhook hook = common.client().webhooks().create(url, events, description);
            common.output().value(hook, List.of(col("ID", Webhook::id), col("URL", Webhook::url),
                    col("EVENTS", w -> String.join(",", w.events())), col("SECRET", Webhook::secret)));
            return NusomiCli.OK;
        }
    }

    @Command(mixinStandardHelpOptions = true, versionProvider = NusomiCli.VersionProvider.class,
            name = "list", description = "Webhooks of the workspace.")
    static final class ListWebhooks implements Callable<Integer> {
        @Mixin
        Common common;

        @Override
        public Integer call() {
            common.output().table(common.client().webhooks().list().toList(), COLUMNS);
            return NusomiCli.OK;
        }
    }

    @Command(mixinStandardHelpOptions = true, versionProvider = NusomiCli.VersionProvider.class,
            name = "delete", description = "Unsubscribe an endpoint.")
    static final class Delete implements Callable<Integer> {
        @Mixin
        Common common;
        @Parameters(paramLabel = "WEBHOOK_ID") String id;

        @Override
        public Integer call() {
            common.client().webhooks().delete(id);
            if (common.json) {
                common.output().line(Map.of("id", id, "deleted", true));
            } else {
                common.context().out().println("deleted " + id);
            }
            return NusomiCli.OK;
        }
    }
}
