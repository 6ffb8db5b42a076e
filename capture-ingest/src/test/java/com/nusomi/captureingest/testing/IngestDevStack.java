package com.nusomi.captureingest.testing;

import com.nusomi.devstack.DevStackResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * {@link DevStackResource}, started with the system class loader as the thread's context class loader.
 * Quarkus starts test resources with its own class loader as context loader; the embedded Kafka broker loads
 * classes by name through it (share-group persister) and then fails with NoSuchMethodException because the
 * devstack itself lives in the system class loader. Remove once devstack sets the context loader itself.
 */
public class IngestDevStack implements QuarkusTestResourceLifecycleManager {
    private final DevStackResource devStack = new DevStackResource();

    @Override
    public Map<String, String> start() {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(ClassLoader.getSystemClassLoader()); // where SharedStack runs the stack
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
