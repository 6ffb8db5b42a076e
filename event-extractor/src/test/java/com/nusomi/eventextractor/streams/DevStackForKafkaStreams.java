package com.nusomi.eventextractor.streams;

import com.nusomi.devstack.DevStackResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * {@link DevStackResource} started with the system class loader as context class loader. Started under Quarkus'
 * context class loader the in-process KRaft broker resolves its share-state persister through it and fails
 * ({@code NoSuchMethodException: DefaultStatePersister.<init>(PersisterStateManager)}). Remove once devstack's
 * SharedStack sets the context class loader itself.
 */
public class DevStackForKafkaStreams implements QuarkusTestResourceLifecycleManager {
    private final DevStackResource devStack = new DevStackResource();

    @Override
    public Map<String, String> start() {
        var thread = Thread.currentThread();
        var previous = thread.getContextClassLoader();
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
