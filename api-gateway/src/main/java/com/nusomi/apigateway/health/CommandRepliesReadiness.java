package com.nusomi.apigateway.health;

import com.nusomi.apigateway.client.CommandReplies;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Lifecycle calls need the reply consumer: ready only once it is assigned and positioned at the end of every partition. */
@Readiness
@ApplicationScoped
public class CommandRepliesReadiness implements HealthCheck {
    private final CommandReplies replies;

    CommandRepliesReadiness(CommandReplies replies) {
        this.replies = replies;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("session-command-replies").status(replies.isReady()).build();
    }
}
