package com.nusomi.cli;

import static com.nusomi.cli.Output.col;

import com.nusomi.sdk.model.ApiKey;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nusomi keys create|list|revoke} (admin scope). */
@Command(mixinStandardHelpOptions = true, versionProvider = NusomiCli.VersionProvider.class,
        name = "keys", description = "API keys of the workspace (admin scope).",
        subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class})
final class KeysCommand extends NusomiCli.Group {

    static final List<Output.Column<ApiKey>> COLUMNS = List.of(
            col("ID", ApiKey::id), col("NAME", ApiKey::name), col("SCOPES", k -> String.join(",", k.scopes())),
            col("KEY", ApiKey::redactedKey), col("CREATED", ApiKey::createdAt), col("REVOKED", ApiKey::revokedAt));

    @Command(mixinStandardHelpOptions = true, versionProvider = NusomiCli.VersionProvider.class,
            name = "create", description = "Create a key; its secret (nsk_…) is shown only now.")
    static final class Create implements Callable<Integer> {
        @Mixin
        Common common;
        @Option(names = "--name", required = true) String name;
        @Option(names = "--scope", paramLabel = "SCOPE", split = ",",
                description = "read, write, admin (repeat, or comma-separated; default write)")
        List<String> scopes = List.of();

        @Override
        public Integer call() {
            ApiKey key = common.client().keys().create(name, scopes);
            common.output().value(key, List.of(col("ID", ApiKey::id), col("NAME", ApiKey::name),
                    col("SCOPES", k -> String.join(",", k.scopes())), col("KEY", ApiKey::key)));
            return NusomiCli.OK;
        }
    }

    @Command(mixinStandardHelpOptions = true, versionProvider = NusomiCli.VersionProvider.class,
            name = "list", description = "Keys of the workspace, secrets redacted.")
    static final class ListKeys implements Callable<Integer> {
        @Mixin
        Common common;

        @Override
        public Integer call() {
            common.output().table(common.client().keys().list().toList(), COLUMNS);
            return NusomiCli.OK;
        }
    }

    @Command(mixinStandardHelpOptions = true, versionProvider = NusomiCli.VersionProvider.class,
            name = "revoke", description = "Revoke a key at once.")
    static final class Revoke implements Callable<Integer> {
        @Mixin
        Common common;
        @Parameters(paramLabel = "KEY_ID") String id;

        @Override
        public Integer call() {
            common.output().value(common.client().keys().revoke(id), COLUMNS);
            return NusomiCli.OK;
        }
    }
}
