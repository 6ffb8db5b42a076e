package com.nusomi.apigateway.support;

import com.nusomi.devstack.DevStackResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * {@link DevStackResource}, started with the system class loader as the thread's context class loader. Started with
 * the Quarkus test class loader as context, the Kafka broker resolves some of its plugin classes through it and fails
 * ({@code NoSuchMethodException: DefaultStatePersister.<init>(PersisterStateManager)}). Module-local until devstack
 * pins the context class loader itself.
 */
public class GatewayDevStack implements QuarkusTestResourceLifecycleManager {
    private final DevStackResource delegate = new DevStackResource();

    @Override
    public Map<String, String> start() {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(ClassLoader.getSystemClassLoader());
        try {
            return delegate.start();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Override
    public void stop() {
        delegate.stop();
    }
}
