package com.nusomi.sessionsealer.health;

import com.nusomi.sessionsealer.listener.ProjectionListeners;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * The frames and events projections run outside SmallRye (see ProjectionConsumer), so their own check: down when a
 * loop died or one record has been failing for a minute (the database or broker is away). PostgreSQL, Kafka, the
 * registry and the object store have their own checks.
 */
@Readiness
@ApplicationScoped
public class ProjectionReadiness implements HealthCheck {
    private static final Duration MAX_STUCK = Duration.ofMinutes(1);
    private final ProjectionListeners projections;

    ProjectionReadiness(ProjectionListeners projections) {
        this.projections = projections;
    }

    @Override
    public HealthCheckResponse call() {
        var builder = HealthCheckResponse.named("catalog-projections");
        if (!projections.started()) {
            return builder.down().withData("reason", "not started").build();
        }
        var unhealthy = projections.unhealthy(MAX_STUCK);
        return unhealthy.isEmpty() ? builder.up().build() : builder.down().withData("failing", String.join(",", unhealthy)).build();
    }
}
