import { randomUUID } from "node:crypto";
import { NusomiError, errorFromResponse, parseRetryAfter } from "./errors.js";
import type { ListOptions, Page, RequestOptions } from "./types.js";

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** Anything with the four console methods; the SDK logs requests and retries at debug, give-ups at warn. */
export interface Logger {
  debug(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

export interface HttpConfig {
  apiKey: string;
  baseUrl: string;
  timeout: number;
  maxRetries: number;
  fetch: FetchLike;
  userAgent: string;
  logger?: Logger;
  /** Base delay of the exponential backoff when the server sends no Retry-After (ms). */
  retryBaseMs: number;
  /** Upper bound of one backoff delay (ms). */
  retryMaxMs: number;
}

export type Query = Record<string, string | number | boolean | string[] | undefined | null>;

export interface HttpRequest extends RequestOptions {
  method: "GET" | "POST" | "PUT" | "DELETE";
  path: string;
  query?: Query;
  /** A JSON value (sent as application/json) or a FormData (multipart). */
  body?: unknown;
  headers?: Record<string, string>;
}

const RETRYABLE_STATUS = (status: number) => status === 408 || status === 429 || status >= 500;

/** One HTTP exchange with auth, timeout, retries and the error envelope; every resource goes through it. */
export class HttpClient {
  constructor(readonly config: HttpConfig) {}

  /** Sends the request and parses the JSON answer (undefined for an empty body). */
  async json<T>(req: HttpRequest): Promise<T> {
    const response = await this.send(req);
    const text = await response.text();
    if (text === "") return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch (cause) {
      throw new NusomiError({
        code: "invalid_response",
        message: `the server answered ${response.status} with a body that is not JSON`,
        status: response.status,
        requestId: response.headers.get("x-request-id"),
        cause,
      });
    }
  }

  url(path: string, query?: Query): string {
    const url = new URL(this.config.baseUrl.replace(/\/+$/, "") + path);
    for (const [name, value] of Object.entries(query ?? {})) {
      if (value === undefined || value === null) continue;
      url.searchParams.set(name, Array.isArray(value) ? value.join(",") : String(value));
    }
    return url.toString();
  }

  /**
   * Sends with retries: 408, 429, 5xx, network errors and timeouts are retried up to `maxRetries` times, waiting
   * `Retry-After` when the server sent one, else exponential backoff with full jitter. A POST carries one
   * `Idempotency-Key` for all its attempts, so a retried write is applied once. Answers the 2xx Response.
   */
  async send(req: HttpRequest, extraHeaders: Record<string, string> = {}): Promise<Response> {
    const { maxRetries, logger } = this.config;
    const url = this.url(req.path, req.query);
    const headers: Record<string, string> = {
      Authorization: `Bearer ${this.config.apiKey}`,
      "User-Agent": this.config.userAgent,
      Accept: "application/json",
      ...req.headers,
      ...extraHeaders,
    };
    let body: RequestInit["body"];
    if (req.body instanceof FormData) {
      body = req.body; // fetch sets the multipart boundary
    } else if (req.body !== undefined) {
      body = JSON.stringify(req.body);
      headers["Content-Type"] = "application/json";
    }
    if (req.method === "POST") headers["Idempotency-Key"] = req.idempotencyKey ?? randomUUID();

    for (let attempt = 0; ; attempt++) {
      let failure: NusomiError;
      try {
        logger?.debug(`nusomi: ${req.method} ${url}${attempt > 0 ? ` (retry ${attempt})` : ""}`);
        const response = await this.attempt(url, { method: req.method, headers, body }, req);
        if (response.ok) return response;
        const text = await response.text().catch(() => "");
        failure = errorFromResponse(response.status, response.headers, text);
      } catch (e) {
        if (!(e instanceof NusomiError)) throw e;
        failure = e; // connection_error, timeout (status 0) or aborted
      }
      const retryable = failure.status === 0 ? failure.code !== "aborted" : RETRYABLE_STATUS(failure.status);
      if (!retryable) throw failure;
      if (attempt >= maxRetries) {
        logger?.warn(`nusomi: ${req.method} ${url} failed after ${attempt + 1} attempts: ${failure.code}`);
        throw failure;
      }
      const delay = this.backoff(attempt, failure.retryAfterMs);
      logger?.debug(`nusomi: ${failure.code} (${failure.status}); retrying in ${delay} ms`);
      await sleep(delay, req.signal);
    }
  }

  /** Delay before retry number `attempt + 1`: Retry-After when given, else min(max, base·2^attempt) with full jitter. */
  backoff(attempt: number, retryAfterMs: number | null): number {
    if (retryAfterMs !== null) return Math.min(retryAfterMs, 60_000);
    const ceiling = Math.min(this.config.retryMaxMs, this.config.retryBaseMs * 2 ** attempt);
    return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
  }

  /** One attempt with the per-request timeout; network failures become `connection_error`, time-outs `timeout`. */
  private async attempt(url: string, init: RequestInit, req: HttpRequest): Promise<Response> {
    const controller = new AbortController();
    const timeoutMs = req.timeout ?? this.config.timeout;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const onAbort = () => controller.abort();
    if (req.signal?.aborted) controller.abort();
    req.signal?.addEventListener("abort", onAbort, { once: true });
    try {
      const response = await this.config.fetch(url, { ...init, signal: controller.signal });
      // The body is read by the caller; keep the timer for the headers only, as fetch does.
      return response;
    } catch (cause) {
      if (req.signal?.aborted) {
        throw new NusomiError({ code: "aborted", message: "the request was aborted", cause });
      }
      if (timedOut) {
        throw new NusomiError({ code: "timeout", message: `no answer within ${timeoutMs} ms from ${url}`, cause });
      }
      throw new NusomiError({
        code: "connection_error",
        message: `could not reach ${url}: ${(cause as Error)?.message ?? String(cause)}`,
        cause,
      });
    } finally {
      clearTimeout(timer);
      req.signal?.removeEventListener("abort", onAbort);
    }
  }

  /** A lazy list over `{data, next_cursor, has_more}` pages. */
  list<T, R = T>(path: string, query: Query, options: ListOptions = {}, map?: (item: T) => R): ListResult<R> {
    const pageSize = options.pageSize ?? 100;
    const fetchPage = (cursor: string | undefined) =>
      this.json<Page<T>>({ method: "GET", path, query: { ...query, limit: pageSize, cursor } });
    return new ListResult<R>(async function* () {
      let cursor = options.cursor;
      for (;;) {
        const page = await fetchPage(cursor);
        for (const item of page.data ?? []) yield map ? map(item) : (item as unknown as R);
        if (!page.has_more || !page.next_cursor) return;
        cursor = page.next_cursor;
      }
    });
  }
}

/**
 * What `list()` answers: an AsyncIterable that fetches pages as you iterate (`for await`), and also a Promise of
 * every item (`await list()` collects all pages into an array).
 */
export class ListResult<T> implements AsyncIterable<T>, PromiseLike<T[]> {
  constructor(private readonly source: () => AsyncGenerator<T>) {}

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return this.source();
  }

  /** Every item of every page. */
  async toArray(): Promise<T[]> {
    const all: T[] = [];
    for await (const item of this) all.push(item);
    return all;
  }

  then<A = T[], B = never>(
    onfulfilled?: ((value: T[]) => A | PromiseLike<A>) | null,
    onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.toArray().then(onfulfilled, onrejected);
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new NusomiError({ code: "aborted", message: "aborted" }));
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new NusomiError({ code: "aborted", message: "aborted" }));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

export { parseRetryAfter };
