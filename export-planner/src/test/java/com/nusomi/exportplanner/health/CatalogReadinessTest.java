package com.nusomi.exportplanner.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nusomi.devstack.DevStackResource;
import com.nusomi.exportplanner.support.CatalogFixture;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = DevStackResource.class)
class CatalogReadinessTest {
    @TestHTTPResource("/q/health/ready")
    URI ready;

    @Test
    void readyOnceTheCatalogCanBeRead() throws Exception {
        CatalogFixture.get();

        var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(ready).build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"catalog\""), response.body());
    }
}
