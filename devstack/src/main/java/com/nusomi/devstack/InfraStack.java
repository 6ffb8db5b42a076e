package com.nusomi.devstack;

/** A running set of infrastructure (embedded {@link DevStack} or Testcontainers {@link ContainerStack}). */
public interface InfraStack extends AutoCloseable {
    DevStackSettings settings();

    /** Stops everything, in reverse start order. Idempotent. */
    @Override
    void close();
}
