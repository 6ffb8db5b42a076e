package com.nusomi.apigateway.stream;

import com.nusomi.apigateway.config.GatewayConfig;
import com.nusomi.contracts.ErrorCode;
import com.nusomi.kit.api.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;

/** Open streams per API key and per workspace (SPEC §5: 50 and 500); beyond them 429 {@code stream_limit_exceeded}. */
@ApplicationScoped
public class StreamLimits {
    private final GatewayConfig.Stream config;
    private final Map<String, Integer> perKey = new HashMap<>();
    private final Map<String, Integer> perWorkspace = new HashMap<>();

    StreamLimits(GatewayConfig config) {
        this.config = config.stream();
    }

    /** A held stream slot; {@link #close()} gives it back (once). */
    public final class Permit implements AutoCloseable {
        private final String keyId;
        private final String workspaceId;
        private boolean released;

        private Permit(String keyId, String workspaceId) {
            this.keyId = keyId;
            this.workspaceId = workspaceId;
        }

        @Override
        public void close() {
            synchronized (StreamLimits.this) {
                if (!released) {
                    released = true;
                    decrement(perKey, keyId);
                    decrement(perWorkspace, workspaceId);
                }
            }
        }
    }

    public synchronized Permit acquire(String keyId, String workspaceId) {
        if (perKey.getOrDefault(keyId, 0) >= config.maxPerKey()) {
            throw new ApiException(ErrorCode.STREAM_LIMIT_EXCEEDED, "this API key already has " + config.maxPerKey()
                    + " open streams; close one before opening another");
        }
        if (perWorkspace.getOrDefault(workspaceId, 0) >= config.maxPerWorkspace()) {
            throw new ApiException(ErrorCode.STREAM_LIMIT_EXCEEDED, "this workspace already has "
                    + config.maxPerWorkspace() + " open streams; close one before opening another");
        }
        perKey.merge(keyId, 1, Integer::sum);
        perWorkspace.merge(workspaceId, 1, Integer::sum);
        return new Permit(keyId, workspaceId);
    }

    /** Open streams of a workspace (metrics, tests). */
    public synchronized int open(String workspaceId) {
        return perWorkspace.getOrDefault(workspaceId, 0);
    }

    private static void decrement(Map<String, Integer> counts, String key) {
        counts.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
    }
}
