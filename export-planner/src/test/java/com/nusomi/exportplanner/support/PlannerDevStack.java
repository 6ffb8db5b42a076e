package com.nusomi.exportplanner.support;

import com.nusomi.devstack.DevStackResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * {@link DevStackResource} started with the system class loader as the thread's context loader. Quarkus starts test
 * resources with its own loader as context loader, and the in-process Kafka broker loads plugin classes (the share
 * state persister) through the context loader: with Quarkus' loader those classes do not match the broker's own and
 * the broker fails to start ({@code NoSuchMethodException: DefaultStatePersister.<init>}).
 * To be dropped once devstack sets the context loader itself.
 */
public class PlannerDevStack implements QuarkusTestResourceLifecycleManager {
    private final DevStackResource devStack = new DevStackResource();

    @Override
    public Map<String, String> start() {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(ClassLoader.getSystemClassLoader());
        try {
            return devStack.start();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Override
    public void stop() {
        devStack.stop();
    }
}
