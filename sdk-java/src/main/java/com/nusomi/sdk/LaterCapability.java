package com.nusomi.sdk;

import java.util.Set;

/**
 * Calls to capabilities a server may not have yet (SPEC §8: replay, recovery, memory). A 404, 405 or 501 that is not
 * about a missing resource ({@code session_not_found} …) means the route itself is absent: that becomes
 * {@code not_available}, "… is not available on this server".
 */
final class LaterCapability {
    private static final Set<Integer> ABSENT_ROUTE = Set.of(404, 405, 501);

    private LaterCapability() {}

    static <T> T call(HttpTransport http, String capability, HttpTransport.Call call, Class<T> type) {
        try {
            return http.json(call, type);
        } catch (NusomiException e) {
            if (ABSENT_ROUTE.contains(e.status()) && !e.code().endsWith("_not_found")) {
                throw notAvailable(capability, e);
            }
            throw e;
        }
    }

    static NusomiException notAvailable(String capability, NusomiException cause) {
        return new NusomiException(NusomiException.NOT_AVAILABLE, capability
                + " is not available on this server (it does not offer this capability yet)",
                cause == null ? 0 : cause.status(), null, cause == null ? null : cause.requestId(), null, cause);
    }
}
