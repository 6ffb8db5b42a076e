package com.nusomi.devstack;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * {@code @QuarkusTestResource(DevStackResource.class)}: the Quarkus app under test gets the shared devstack's
 * {@link DevStackSettings#asQuarkusConfig() configuration}. The stack is shared by every test class of the JVM
 * (and with {@link DevStackExtension}); it stops when the JVM exits, after the Quarkus apps.
 */
public class DevStackResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        SharedStack.markUsedByQuarkus();
        return SharedStack.settings().asQuarkusConfig();
    }

    @Override
    public void stop() {
        // Shared across test classes: stopped at JVM exit, not per Quarkus app.
    }
}
