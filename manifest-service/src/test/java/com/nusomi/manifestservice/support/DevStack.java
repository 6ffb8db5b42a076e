package com.nusomi.manifestservice.support;

import com.nusomi.devstack.DevStackResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * {@link DevStackResource} behind a resource class of this module. Quarkus instantiates test resources through its
 * own class loader, while the devstack jar is loaded by the application class loader, so naming
 * {@code DevStackResource} directly fails with a ClassCastException; and the in-process Kafka broker loads plugin
 * classes through the context loader, so the stack starts with the system class loader as context loader.
 * To be dropped once devstack handles both itself.
 */
public class DevStack implements QuarkusTestResourceLifecycleManager {
    private final DevStackResource devStack = new DevStackResource();

    @Override
    public Map<String, String> start() {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(ClassLoader.getSystemClassLoader());
        try {
            Map<String, String> config = devStack.start();
            GatewayTables.ensure(config);
            return config;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Override
    public void stop() {
        devStack.stop();
    }
}
