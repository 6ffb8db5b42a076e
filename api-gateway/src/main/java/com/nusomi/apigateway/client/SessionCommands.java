package com.nusomi.apigateway.client;

import com.nusomi.apigateway.config.GatewayConfig;
import com.nusomi.apigateway.publish.Keyed;
import com.nusomi.contracts.ErrorCode;
import com.nusomi.contracts.IdPrefix;
import com.nusomi.contracts.avro.SessionCommand;
import com.nusomi.contracts.avro.SessionCommandReply;
import com.nusomi.contracts.avro.SessionSnapshot;
import com.nusomi.kit.api.ApiException;
import com.nusomi.kit.logging.LogFields;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

/**
 * Request/reply with the session-sealer over Kafka: publishes a {@link SessionCommand} on
 * {@code nusomi.sessions.commands} (key session_id) and waits, bounded by {@code nusomi.gateway.command-timeout}, for
 * the {@link SessionCommandReply} carrying its command id. The gateway never writes session state itself.
 */
@ApplicationScoped
public class SessionCommands {
    public static final String CHANNEL = "session-commands";
    private static final Logger LOG = Logger.getLogger(SessionCommands.class);

    private final MutinyEmitter<SessionCommand> commands;
    private final CommandReplies replies;
    private final GatewayConfig config;

    SessionCommands(@Channel(CHANNEL) MutinyEmitter<SessionCommand> commands, CommandReplies replies, GatewayConfig config) {
        this.commands = commands;
        this.replies = replies;
        this.config = config;
    }

    /** Sends {@code body} for the session and answers with the session as the sealer left it, or its error. */
    public Uni<SessionSnapshot> send(String workspaceId, String sessionId, Object body) {
        var command = SessionCommand.newBuilder()
                .setCommandId(IdPrefix.COMMAND.newId())
                .setSessionId(sessionId)
                .setWorkspaceId(workspaceId)
                .setBody(body)
                .setIssuedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .build();
        String commandId = command.getCommandId();
        return Uni.createFrom().completionStage(replies::ready)
                .chain(() -> {
                    var reply = replies.expect(commandId);
                    return commands.sendMessage(Keyed.message(sessionId, command))
                            .onFailure().transform(e -> new ApiException(ErrorCode.INTERNAL_ERROR,
                                    "the session command could not be published: " + e.getMessage()))
                            .chain(() -> Uni.createFrom().completionStage(reply));
                })
                .ifNoItem().after(config.commandTimeout()).fail()
                .onFailure(TimeoutException.class).transform(e -> timedOut(sessionId, commandId))
                .onTermination().invoke(() -> replies.forget(commandId))
                .map(SessionCommands::outcome);
    }

    private static SessionSnapshot outcome(SessionCommandReply reply) {
        if (reply.getOk()) {
            return reply.getSession();
        }
        ErrorCode code = ErrorCode.fromCode(reply.getErrorCode()).orElse(ErrorCode.INTERNAL_ERROR);
        String message = reply.getErrorMessage() != null ? reply.getErrorMessage() : code.code();
        return throwing(new ApiException(code, message));
    }

    private ApiException timedOut(String sessionId, String commandId) {
        try (var s = LogFields.with(LogFields.SESSION_ID, sessionId)) {
            LOG.warnf("no reply to %s within %s", commandId, config.commandTimeout());
        }
        return new ApiException(ErrorCode.INTERNAL_ERROR, "the session service did not answer command " + commandId
                + " within " + config.commandTimeout().toSeconds() + " s; it may still apply it: read the session before retrying");
    }

    private static <T> T throwing(RuntimeException e) {
        throw e;
    }
}
