package com.nusomi.devstack;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5/6 extension: the devstack, started once per test JVM and shared by every test class that uses it.
 *
 * <pre>{@code
 * @ExtendWith(DevStackExtension.class)   // or @DevStackTest
 * class MyTest {
 *     @Test void t(DevStackSettings infra) { ... infra.kafkaBootstrap() ... }
 * }
 * }</pre>
 *
 * The stack is kept in the root {@link ExtensionContext} store, so the JUnit engine stops it at the end of the
 * run; a JVM shutdown hook stops it otherwise. {@link #settings()} gives the settings anywhere.
 */
public class DevStackExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(DevStackExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        started(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == DevStackSettings.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return started(context);
    }

    /** The shared stack's settings, starting it if needed. */
    public static DevStackSettings settings() {
        return SharedStack.settings();
    }

    @SuppressWarnings("deprecation")
    private static DevStackSettings started(ExtensionContext context) {
        context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(StopAtEndOfRun.class, key -> new StopAtEndOfRun(), StopAtEndOfRun.class);
        return SharedStack.settings();
    }

    /** Closed by JUnit with the root context (after every test of the run). */
    static final class StopAtEndOfRun implements AutoCloseable, ExtensionContext.Store.CloseableResource {
        StopAtEndOfRun() {
            SharedStack.settings();
        }

        @Override
        public void close() {
            SharedStack.stopAtEndOfTests();
        }
    }
}
