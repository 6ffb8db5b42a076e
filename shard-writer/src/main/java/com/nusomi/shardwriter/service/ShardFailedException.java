package com.nusomi.shardwriter.service;

/**
 * The shard cannot be written and retrying will not help (destination refused or unreachable, frame missing,
 * unsupported format or destination): reported as {@code ShardResult{ok=false, error}}, never retried.
 */
public class ShardFailedException extends RuntimeException {
    public ShardFailedException(String message) {
        super(message);
    }

    public ShardFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
