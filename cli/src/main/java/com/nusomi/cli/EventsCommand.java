package com.nusomi.cli;

import static com.nusomi.cli.Output.col;

import com.nusomi.sdk.EventQuery;
import com.nusomi.sdk.EventStream;
import com.nusomi.sdk.StreamOptions;
import com.nusomi.sdk.model.Event;
import com.nusomi.sdk.model.EventType;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nusomi events query|tail}. */
@Command(mixinStandardHelpOptions = true, versionProvider = NusomiCli.VersionProvider.class,
        name = "events", description = "Typed events of a session: query them, or follow them live.",
        subcommands = {EventsCommand.Query.class, EventsCommand.Tail.class})
final class EventsCommand extends NusomiCli.Group {

    static final List<Output.Column<Event>> COLUMNS = List.of(
            col("T_MS", Event::tMs), col("TYPE", Event::type), col("ID", Event::id), col("FRAME", Event::frameId),
            col("CONFIDENCE", Event::confidence), col("PAYLOAD", e -> Output.compact(e.payload())));

    /** {@code click,validation_error} → the types; a usage error names an unknown one. */
    static List<EventType> types(CommandLine cmd, List<String> names) {
        List<EventType> types = new ArrayList<>();
        for (String list : names) {
            for (String name : list.split(",")) {
                types.add(EventType.fromWire(name.trim()).orElseThrow(() -> new CommandLine.ParameterException(cmd,
                        "unknown event type '" + name.trim() + "' (one of " + List.of(EventType.values()) + ")")));
            }
        }
        return types;
    }

    @Command(mixinStandardHelpOptions = true, versionProvider = NusomiCli.VersionProvider.class,
            name = "query", description = "Events of a session in (t_ms, id) order.")
    static final class Query implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        Common common;
        @Parameters(paramLabel = "SESSION_ID") String sessionId;
        @Option(names = "--type", paramLabel = "TYPE[,TYPE…]", description = "only these types") List<String> types = List.of();
        @Option(names = "--order", description = "asc or desc") String order;
        @Option(names = "--min-confidence", description = "at least this confidence") Double confidence;
        @Option(names = "--limit", defaultValue = "1000", description = "at most this many (default ${DEFAULT-VALUE})") int limit;

        @Override
        public Integer call() {
            EventQuery query = EventQuery.ALL.withTypes(types(spec.commandLine(), types)).withOrder(order);
            if (confidence != null) {
                query = query.withConfidenceGte(confidence);
            }
            List<Event> events = common.client().events().query(sessionId, query).stream().limit(limit).toList();
            common.output().table(events, COLUMNS);
            return NusomiCli.OK;
        }
    }

    @Command(mixinStandardHelpOptions = true, versionProvider = NusomiCli.VersionProvider.class,
            name = "tail", description = "Follow a session's events live (SSE) until it is sealed; one line per event "
            + "(one JSON object per line with --json).")
    static final class Tail implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        Common common;
        @Parameters(paramLabel = "SESSION_ID") String sessionId;
        @Option(names = "--type", paramLabel = "TYPE[,TYPE…]", description = "only these types") List<String> types = List.of();
        @Option(names = "--after", paramLabel = "EVENT_ID", description = "resume after this event (Last-Event-ID)") String after;

        @Override
        public Integer call() {
            StreamOptions options = StreamOptions.DEFAULT.withTypes(types(spec.commandLine(), types)).withLastEventId(after);
            PrintStream out = common.context().out();
            Output output = common.output();
            try (EventStream stream = common.client().events().stream(sessionId, options)) {
                for (Event e : stream) {
                    if (output.json()) {
                        output.line(e);
                    } else {
                        out.println(e.tMs() + "\t" + e.type() + "\t" + e.id() + "\t" + Output.compact(e.payload()));
                        out.flush();
                    }
                }
            }
            return NusomiCli.OK;
        }
    }
}
