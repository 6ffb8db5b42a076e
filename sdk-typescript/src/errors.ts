/** Error codes of SPEC §4 plus the ones the SDK itself raises (`connection_error`, `timeout`, `not_available`, …). */
export type NusomiErrorCode =
  | "missing_authorization"
  | "invalid_api_key"
  | "insufficient_scope"
  | "workspace_disabled"
  | "session_not_found"
  | "frame_not_found"
  | "export_not_found"
  | "webhook_not_found"
  | "key_not_found"
  | "invalid_state"
  | "invalid_request"
  | "invalid_workflow_slug"
  | "invalid_metadata"
  | "invalid_filter"
  | "unsupported_format"
  | "session_empty"
  | "rate_limited"
  | "quota_exceeded"
  | "stream_limit_exceeded"
  | "internal_error"
  // raised by the SDK, never sent by the server:
  | "connection_error"
  | "timeout"
  | "aborted"
  | "not_available"
  | "export_failed"
  | "missing_api_key"
  | "invalid_response"
  | (string & {});

export interface NusomiErrorInit {
  code: NusomiErrorCode;
  message: string;
  status?: number;
  param?: string | null;
  requestId?: string | null;
  retryAfterMs?: number | null;
  cause?: unknown;
}

/** Every failure of the SDK: an API error envelope (`{"error": {code, message, param, request_id}}`) or a transport failure. */
export class NusomiError extends Error {
  override readonly name = "NusomiError";
  /** The API error code (`session_not_found`, `rate_limited` …) or an SDK code (`connection_error`, `timeout`, `not_available`). */
  readonly code: NusomiErrorCode;
  /** HTTP status; 0 when no HTTP answer was received. */
  readonly status: number;
  /** The request field at fault, when the server named one (`workflow`, `events[3].payload.x` …). */
  readonly param: string | null;
  /** `req_…` from the envelope or the `X-Request-Id` header; quote it when reporting a problem. */
  readonly requestId: string | null;
  /** From `Retry-After` on 429/503: how long to wait before trying again. */
  readonly retryAfterMs: number | null;

  constructor(init: NusomiErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.status = init.status ?? 0;
    this.param = init.param ?? null;
    this.requestId = init.requestId ?? null;
    this.retryAfterMs = init.retryAfterMs ?? null;
  }
}

/** Parses `Retry-After` (delta-seconds or an HTTP date) into milliseconds; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (value == null || value.trim() === "") return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now);
}

/** Builds the NusomiError of a non-2xx answer from its body (the SPEC §4 envelope when present) and headers. */
export function errorFromResponse(status: number, headers: Headers, bodyText: string): NusomiError {
  let envelope: { code?: unknown; message?: unknown; param?: unknown; request_id?: unknown } | undefined;
  try {
    const parsed = JSON.parse(bodyText) as { error?: unknown };
    if (parsed && typeof parsed === "object" && parsed.error && typeof parsed.error === "object") {
      envelope = parsed.error as typeof envelope;
    }
  } catch {
    // not JSON: fall back to the status line below
  }
  const code = typeof envelope?.code === "string" ? envelope.code : fallbackCode(status);
  const message =
    typeof envelope?.message === "string" && envelope.message !== ""
      ? envelope.message
      : `HTTP ${status}${bodyText ? `: ${bodyText.slice(0, 200)}` : ""}`;
  return new NusomiError({
    code,
    message,
    status,
    param: typeof envelope?.param === "string" ? envelope.param : null,
    requestId: typeof envelope?.request_id === "string" ? envelope.request_id : headers.get("x-request-id"),
    retryAfterMs: parseRetryAfter(headers.get("retry-after")),
  });
}

function fallbackCode(status: number): string {
  if (status === 401) return "invalid_api_key";
  if (status === 403) return "insufficient_scope";
  if (status === 404) return "not_found";
  if (status === 408) return "timeout";
  if (status === 409) return "invalid_state";
  if (status === 429) return "rate_limited";
  if (status >= 500) return "internal_error";
  return "invalid_request";
}
