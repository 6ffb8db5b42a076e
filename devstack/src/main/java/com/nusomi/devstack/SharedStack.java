package com.nusomi.devstack;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The one devstack of a test JVM, shared by {@link DevStackExtension} and {@link DevStackResource}: started on
 * first use, stopped when the JVM ends (or by the JUnit root store when no Quarkus app uses it).
 *
 * <p>Test frameworks may load this class in more than one class loader (Quarkus loads test resources in its own);
 * the instance that owns the stack is always the copy loaded by the system class loader when that loader sees the
 * devstack, and other copies reach it by reflection through JDK types only, so there is one stack per JVM.
 *
 * <p>{@code -Dnusomi.devstack=containers} (or {@code NUSOMI_DEVSTACK=containers}) starts it with Testcontainers.
 */
public final class SharedStack {
    /** System property (or env NUSOMI_DEVSTACK) choosing the implementation: {@code embedded} (default) or {@code containers}. */
    public static final String MODE_PROPERTY = "nusomi.devstack";

    private static final Logger LOG = Logger.getLogger(SharedStack.class.getName());
    private static InfraStack stack;
    private static Thread shutdownHook;
    private static boolean usedByQuarkus;
    private static RuntimeException startFailure;

    private SharedStack() {}

    /** Settings of the shared stack, starting it on first call. */
    public static DevStackSettings settings() {
        @SuppressWarnings("unchecked")
        Map<String, String> map = (Map<String, String>) canonical("settingsMap");
        return DevStackSettings.fromMap(map);
    }

    /** Marks the stack as used by a Quarkus app: it is then stopped at JVM exit, after the apps. */
    public static void markUsedByQuarkus() {
        canonical("markUsedByQuarkusHere");
    }

    /** Stops the shared stack (a later {@link #settings()} starts a new one). */
    public static void stop() {
        canonical("stopHere");
    }

    /** Called when the JUnit engine closes its root store: stops unless a Quarkus app may still use it. */
    static void stopAtEndOfTests() {
        canonical("stopAtEndOfTestsHere");
    }

    public static boolean isRunning() {
        return (Boolean) canonical("isRunningHere");
    }

    // --- implementation, run in the canonical copy; public for reflective access across class loaders ---

    public static synchronized Map<String, String> settingsMap() {
        if (stack == null) {
            if (startFailure != null) {
                throw new IllegalStateException("the shared devstack failed to start earlier in this JVM: "
                        + startFailure.getMessage(), startFailure);
            }
            // Kafka loads plugin classes through the context loader; a Quarkus test sets its own, which lacks them
            Thread current = Thread.currentThread();
            ClassLoader previous = current.getContextClassLoader();
            current.setContextClassLoader(SharedStack.class.getClassLoader());
            try {
                stack = startConfigured();
            } catch (RuntimeException e) {
                startFailure = e;
                throw e;
            } finally {
                current.setContextClassLoader(previous);
            }
            shutdownHook = new Thread(SharedStack::stopHere, "nusomi-devstack-shared-stop");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
        return new LinkedHashMap<>(stack.settings().toMap());
    }

    public static synchronized Object markUsedByQuarkusHere() {
        usedByQuarkus = true;
        return null;
    }

    public static synchronized Object stopHere() {
        InfraStack running = stack;
        stack = null;
        if (running != null) {
            running.close();
            if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
                try {
                    Runtime.getRuntime().removeShutdownHook(shutdownHook);
                } catch (IllegalStateException shuttingDown) {
                    // already running hooks
                }
            }
            shutdownHook = null;
        }
        return null;
    }

    public static synchronized Object stopAtEndOfTestsHere() {
        if (!usedByQuarkus) {
            stopHere();
        }
        return null;
    }

    public static synchronized Boolean isRunningHere() {
        return stack != null;
    }

    private static InfraStack startConfigured() {
        String mode = System.getProperty(MODE_PROPERTY, System.getenv().getOrDefault("NUSOMI_DEVSTACK", "embedded"));
        if ("containers".equals(mode.trim().toLowerCase(Locale.ROOT))) {
            LOG.info("nusomi devstack: starting with Testcontainers");
            return ContainerStack.start();
        }
        DevStack devStack = DevStack.startForTests();
        LOG.info(() -> "nusomi devstack ready in " + devStack.startupTime().toMillis() + " ms");
        return devStack;
    }

    private static Object canonical(String method) {
        Class<?> owner = canonicalClass();
        try {
            Method m = owner.getMethod(method);
            return m.invoke(null);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot reach the shared devstack through " + owner, e);
        }
    }

    private static Class<?> canonicalClass() {
        ClassLoader system = ClassLoader.getSystemClassLoader();
        if (SharedStack.class.getClassLoader() == system) {
            return SharedStack.class;
        }
        try {
            return Class.forName(SharedStack.class.getName(), true, system);
        } catch (ClassNotFoundException | LinkageError e) {
            return SharedStack.class;
        }
    }
}
