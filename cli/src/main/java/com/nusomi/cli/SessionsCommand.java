package com.nusomi.cli;

import static com.nusomi.cli.Output.col;

import com.nusomi.sdk.Session;
import com.nusomi.sdk.SessionListFilter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nusomi sessions list|get|stop|delete}. */
@Command(mixinStandardHelpOptions = true, versionProvider = NusomiCli.VersionProvider.class,
        name = "sessions", description = "Recordings: list, show, stop, delete.",
        subcommands = {SessionsCommand.ListSessions.class, SessionsCommand.Get.class, SessionsCommand.Stop.class,
                SessionsCommand.Delete.class})
final class SessionsCommand extends NusomiCli.Group {

    static final List<Output.Column<Session>> COLUMNS = List.of(
            col("ID", Session::id), col("WORKFLOW", Session::workflow), col("STATUS", Session::status),
            col("OUTCOME", Session::outcome), col("FRAMES", Session::frameCount), col("EVENTS", Session::eventCount),
            col("DURATION_MS", Session::durationMs), col("CREATED", Session::createdAt));

    @Command(mixinStandardHelpOptions = true, versionProvider = NusomiCli.VersionProvider.class,
            name = "list", description = "Sessions, newest first.")
    static final class ListSessions implements Callable<Integer> {
        @Mixin
        Common common;
        @Option(names = "--workflow", description = "only this workflow") String workflow;
        @Option(names = "--status", description = "created, recording, stopped, sealed") String status;
        @Option(names = "--outcome", description = "success, error, abandoned") String outcome;
        @Option(names = "--actor-kind", description = "human, model, script") String actorKind;
        @Option(names = "--tag", description = "only sessions with this tag") String tag;
        @Option(names = "--since", description = "created at or after (ISO-8601)") String since;
        @Option(names = "--until", description = "created before (ISO-8601)") String until;
        @Option(names = "--limit", defaultValue = "50", description = "at most this many (default ${DEFAULT-VALUE})") int limit;

        @Override
        public Integer call() {
            SessionListFilter filter = new SessionListFilter(workflow, status, outcome, actorKind, tag, since, until, null)
                    .withPageSize(Math.min(Math.max(limit, 1), 100));
            List<Session> sessions = common.client().sessions().list(filter).stream().limit(limit).toList();
            common.output().table(sessions, COLUMNS);
            return NusomiCli.OK;
        }
    }

    @Command(mixinStandardHelpOptions = true, versionProvider = NusomiCli.VersionProvider.class,
            name = "get", description = "One session.")
    static final class Get implements Callable<Integer> {
        @Mixin
        Common common;
        @Parameters(paramLabel = "SESSION_ID") String id;

        @Override
        public Integer call() {
            common.output().value(common.client().sessions().get(id), COLUMNS);
            return NusomiCli.OK;
        }
    }

    @Command(mixinStandardHelpOptions = true, versionProvider = NusomiCli.VersionProvider.class,
            name = "stop", description = "Stop recording; the session seals once everything sent before is in.")
    static final class Stop implements Callable<Integer> {
        @Mixin
        Common common;
        @Parameters(paramLabel = "SESSION_ID") String id;

        @Override
        public Integer call() {
            common.output().value(common.client().sessions().stop(id), COLUMNS);
            return NusomiCli.OK;
        }
    }

    @Command(mixinStandardHelpOptions = true, versionProvider = NusomiCli.VersionProvider.class,
            name = "delete", description = "Delete a session with its frames, events and images.")
    static final class Delete implements Callable<Integer> {
        @Mixin
        Common common;
        @Parameters(paramLabel = "SESSION_ID") String id;

        @Override
        public Integer call() {
            common.client().sessions().delete(id);
            Map<String, Object> answer = Map.of("id", id, "deleted", true);
            if (common.json) {
                common.output().line(answer);
            } else {
                common.context().out().println("deleted " + id);
            }
            return NusomiCli.OK;
        }
    }
}
