package com.nusomi.apigateway.stream;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Streams need the live feed positioned at the end of its topics: ready only then. */
@Readiness
@ApplicationScoped
public class LiveFeedReadiness implements HealthCheck {
    private final LiveFeed feed;

    LiveFeedReadiness(LiveFeed feed) {
        this.feed = feed;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("live-feed").status(feed.isReady()).build();
    }
}
