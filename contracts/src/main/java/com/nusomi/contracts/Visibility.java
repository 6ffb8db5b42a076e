package com.nusomi.contracts;

/** Whether a topic is part of the public contract (live consumers may read it) or internal plumbing. */
public enum Visibility {
    PUBLIC,
    INTERNAL
}
