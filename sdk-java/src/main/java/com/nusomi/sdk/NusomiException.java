package com.nusomi.sdk;

import java.time.Duration;
import java.util.Optional;

/**
 * Every failure of the SDK: an API error (the SPEC §4 envelope {@code {"error": {code, message, param, request_id}}})
 * or a failure on the way there ({@code connection_error}, {@code timeout}). Unchecked, like the SDKs of other APIs.
 * <pre>{@code
 * try {
 *     nusomi.sessions().get("ses_…");
 * } catch (NusomiException e) {
 *     if (e.code().equals("session_not_found")) { … }
 *     System.err.println(e.code() + " " + e.getMessage() + " " + e.requestId());
 * }
 * }</pre>
 */
public class NusomiException extends RuntimeException {
    /** The server could not be reached. */
    public static final String CONNECTION_ERROR = "connection_error";
    /** No answer within the timeout. */
    public static final String TIMEOUT = "timeout";
    /** The calling thread was interrupted, or the stream closed. */
    public static final String ABORTED = "aborted";
    /** The server does not offer this capability (replay, recovery, memory). */
    public static final String NOT_AVAILABLE = "not_available";
    /** No API key was given and none was found. */
    public static final String MISSING_API_KEY = "missing_api_key";
    /** The server answered something that is not the API's JSON. */
    public static final String INVALID_RESPONSE = "invalid_response";
    /** An export ended failed without an error code of its own. */
    public static final String EXPORT_FAILED = "export_failed";

    private final String code;
    private final int status;
    private final String param;
    private final String requestId;
    private final Duration retryAfter;

    /**
     * @param code       API or SDK error code
     * @param message    what went wrong
     * @param status     HTTP status, 0 when none was received
     * @param param      the request field at fault, or null
     * @param requestId  {@code req_…}, or null
     * @param retryAfter the server's {@code Retry-After}, or null
     * @param cause      the underlying failure, or null
     */
    public NusomiException(String code, String message, int status, String param, String requestId, Duration retryAfter,
                           Throwable cause) {
        super(message, cause);
        this.code = code;
        this.status = status;
        this.param = param;
        this.requestId = requestId;
        this.retryAfter = retryAfter;
    }

    /** An SDK-side failure with no HTTP answer. */
    public NusomiException(String code, String message) {
        this(code, message, 0, null, null, null, null);
    }

    /** The API code ({@code session_not_found}, {@code rate_limited} …) or an SDK code ({@code connection_error} …). */
    public String code() {
        return code;
    }

    /** HTTP status; 0 when no HTTP answer was received. */
    public int status() {
        return status;
    }

    /** The request field at fault ({@code workflow}, {@code events[3].payload.x}), when the server named one. */
    public Optional<String> param() {
        return Optional.ofNullable(param);
    }

    /** {@code req_…} of the failed request; quote it when reporting a problem. Null when there was no answer. */
    public String requestId() {
        return requestId;
    }

    /** How long the server asked to wait ({@code Retry-After} on 429 and 503). */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    @Override
    public String toString() {
        return "NusomiException{code=" + code + ", status=" + status + (param == null ? "" : ", param=" + param)
                + (requestId == null ? "" : ", requestId=" + requestId) + ", message=" + getMessage() + "}";
    }
}
