package com.nusomi.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nusomi.sdk.NusomiException;
import com.nusomi.sdk.internal.Json;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code nusomi}: the command line of the Nusomi API, on the Java SDK. Exit codes: 0 ok, 1 the API (or the network)
 * refused (its error code printed), 2 usage (unknown command, bad option, no credentials).
 */
@Command(name = "nusomi", mixinStandardHelpOptions = true, versionProvider = NusomiCli.VersionProvider.class,
        description = "Sessions, events, exports, webhooks, keys and workspaces of a Nusomi installation.",
        subcommands = {SessionsCommand.class, EventsCommand.class, ExportsCommand.class, WebhooksCommand.class,
                KeysCommand.class, WorkspacesCommand.class},
        footer = {"", "Credentials: --api-key, else $NUSOMI_API_KEY, else $NUSOMI_HOME/credentials.json (written by ./nusomi up).",
                "Exit codes: 0 ok, 1 API error (its code is printed), 2 usage."})
public final class NusomiCli implements Callable<Integer> {
    /** The commands this CLI answers; the launcher script dispatches these to it. */
    public static final List<String> COMMANDS = List.of("sessions", "events", "exports", "webhooks", "keys", "workspaces");

    static final int OK = 0;
    static final int API_ERROR = 1;
    static final int USAGE = 2;

    @Spec
    CommandSpec spec;

    private final Context context;

    public NusomiCli(Context context) {
        this.context = context;
    }

    Context context() {
        return context;
    }

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    public static void main(String[] args) {
        Context ctx = new Context(System.getenv(), System.out, System.err);
        System.exit(run(ctx, args));
    }

    /** Runs one command line and answers its exit code. */
    public static int run(Context ctx, String... args) {
        CommandLine cli = new CommandLine(new NusomiCli(ctx));
        cli.setOut(new PrintWriter(ctx.out(), true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(ctx.err(), true, StandardCharsets.UTF_8));
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> failed(ctx, e, hasJson(parsed)));
        int code = cli.execute(args);
        ctx.out().flush();
        return code;
    }

    private static boolean hasJson(CommandLine.ParseResult parsed) {
        if (parsed.matchedOption("--json") != null) {
            return true;
        }
        return parsed.subcommands().stream().anyMatch(NusomiCli::hasJson);
    }

    /** A NusomiException: its code on stderr (the envelope with --json), exit 1; no credentials: exit 2. */
    private static int failed(Context ctx, Exception e, boolean json) {
        if (!(e instanceof NusomiException n)) {
            ctx.err().println("nusomi: " + e);
            return API_ERROR;
        }
        if (n.code().equals(NusomiException.MISSING_API_KEY)) {
            ctx.err().println("nusomi: missing_api_key: pass --api-key, set NUSOMI_API_KEY, or run ./nusomi up (it writes "
                    + "$NUSOMI_HOME/credentials.json)");
            return USAGE;
        }
        if (json) {
            ObjectNode root = Json.MAPPER.createObjectNode();
            ObjectNode error = root.putObject("error");
            error.put("code", n.code());
            error.put("message", n.getMessage());
            error.put("param", n.param().orElse(null));
            error.put("request_id", n.requestId());
            error.put("status", n.status());
            ctx.err().println(root);
        } else {
            ctx.err().println("nusomi: " + n.code() + ": " + n.getMessage()
                    + (n.requestId() == null ? "" : " (request " + n.requestId() + ")"));
        }
        return API_ERROR;
    }

    /** {@code --version}: the SDK's version. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"nusomi " + com.nusomi.sdk.Version.VERSION};
        }
    }

    /** A group of commands ({@code nusomi sessions}) run without one of them: usage, exit 2. */
    abstract static class Group implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: "
                    + String.join(", ", spec.subcommands().keySet()));
        }
    }
}
