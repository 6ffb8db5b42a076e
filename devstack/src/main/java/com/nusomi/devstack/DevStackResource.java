package com.nusomi.devstack;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * {@code @QuarkusTestResource(DevStackResource.class)}: the Quarkus app under test gets the shared devstack's
 * {@link DevStackSettings#asQuarkusConfig() configuration}. The stack is shared by every test class of the JVM
 * (and with {@link DevStackExtension}); it stops when the JVM exits, after the Quarkus apps.
 *
 * <p>The stack starts with the system class loader as the thread's context loader: Quarkus starts test resources
 * under its own loader, and the in-process Kafka broker loads plugin classes (the share-state persister) through the
 * context loader, which would fail with {@code NoSuchMethodException: DefaultStatePersister.<init>}. Modules that
 * need more at start (a table of another service, say) extend this class and call {@code super.start()}.
 */
public class DevStackResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(ClassLoader.getSystemClassLoader());
        try {
            SharedStack.markUsedByQuarkus();
            return SharedStack.settings().asQuarkusConfig();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Override
    public void stop() {
        // Shared across test classes: stopped at JVM exit, not per Quarkus app.
    }
}
