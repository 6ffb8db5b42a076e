package com.nusomi.exportplanner.health;

import com.nusomi.exportplanner.persistence.CatalogReader;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only once the catalog that session-sealer migrates can be read: without it no export can be planned. */
@Readiness
@ApplicationScoped
public class CatalogReadiness implements AsyncHealthCheck {
    private final CatalogReader catalog;

    CatalogReadiness(CatalogReader catalog) {
        this.catalog = catalog;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return catalog.readable().map(readable -> HealthCheckResponse.named("catalog").status(readable).build());
    }
}
