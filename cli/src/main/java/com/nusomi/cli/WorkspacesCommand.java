package com.nusomi.cli;

import static com.nusomi.cli.Output.col;

import com.nusomi.sdk.model.Workspace;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code nusomi workspaces create|list}: operator key (a local installation's operator_key by default). */
@Command(mixinStandardHelpOptions = true, versionProvider = NusomiCli.VersionProvider.class,
        name = "workspaces", description = "Tenants of the installation (operator key).",
        subcommands = {WorkspacesCommand.Create.class, WorkspacesCommand.ListWorkspaces.class})
final class WorkspacesCommand extends NusomiCli.Group {

    static final List<Output.Column<Workspace>> COLUMNS = List.of(
            col("ID", Workspace::id), col("NAME", Workspace::name), col("CREATED", Workspace::createdAt),
            col("DISABLED", Workspace::disabledAt));

    @Command(mixinStandardHelpOptions = true, versionProvider = NusomiCli.VersionProvider.class,
            name = "create", description = "Create a workspace; its admin key is shown only now.")
    static final class Create implements Callable<Integer> {
        @Mixin
        Common common;
        @Option(names = "--name", required = true) String name;

        @Override
        public Integer call() {
            Workspace w = common.client(true).workspaces().create(name);
            common.output().value(w, List.of(col("ID", Workspace::id), col("NAME", Workspace::name),
                    col("ADMIN_KEY", Workspace::adminKey)));
            return NusomiCli.OK;
        }
    }

    @Command(mixinStandardHelpOptions = true, versionProvider = NusomiCli.VersionProvider.class,
            name = "list", description = "Workspaces of the installation.")
    static final class ListWorkspaces implements Callable<Integer> {
        @Mixin
        Common common;

        @Override
        public Integer call() {
            common.output().table(common.client(true).workspaces().list().toList(), COLUMNS);
            return NusomiCli.OK;
        }
    }
}
