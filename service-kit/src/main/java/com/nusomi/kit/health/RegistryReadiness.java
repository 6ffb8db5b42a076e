package com.nusomi.kit.health;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** With the registry down the Avro serde cannot send: readiness must say so (DESIGN "Pitfalls seen"). */
@Readiness
@ApplicationScoped
public class RegistryReadiness implements HealthCheck {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String registryUrl;

    RegistryReadiness(@ConfigProperty(name = "mp.messaging.connector.smallrye-kafka.apicurio.registry.url") String registryUrl) {
        this.registryUrl = registryUrl;
    }

    @Override
    public HealthCheckResponse call() {
        var builder = HealthCheckResponse.named("schema-registry").withData("url", registryUrl);
        try {
            var request = HttpRequest.newBuilder(URI.create(registryUrl + "/system/info"))
                    .timeout(Duration.ofSeconds(2)).GET().build();
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status == 200 ? builder.up().build() : builder.down().withData("status", status).build();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return builder.down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
