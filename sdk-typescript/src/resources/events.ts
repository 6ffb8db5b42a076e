import type { HttpClient, ListResult } from "../core.js";
import { sleep } from "../core.js";
import { NusomiError } from "../errors.js";
import { SseParser } from "../sse.js";
import type { Event, EventInput, EventPayloads, EventQueryFilter, EventStreamOptions, EventType, RequestOptions } from "../types.js";

/** `nusomi.events`: query, emit and live-stream the typed events of a session. */
export class Events {
  private readonly startedAt = new Map<string, number>();

  constructor(private readonly http: HttpClient) {}

  /**
   * Events of a session in `(t_ms, id)` order (SPEC §4 filters). Answers a list that is both a Promise of all
   * matching events and an AsyncIterable paging lazily (`pageSize`, default 100).
   */
  query(sessionId: string, filter: EventQueryFilter = {}): ListResult<Event> {
    const { pageSize, cursor, type, types, ...rest } = filter;
    const typeList = type === undefined ? types : Array.isArray(type) ? type : [type];
    return this.http.list<Event>(
      `/v1/sessions/${enc(sessionId)}/events`,
      { ...rest, type: typeList && typeList.length > 0 ? typeList : undefined },
      { pageSize, cursor },
    );
  }

  /**
   * Emits one event. `t_ms` defaults to the time since the session started (read once per session), so
   * `emit(id, "success", {marker: "done"})` is enough while recording.
   */
  async emit<T extends EventType>(
    sessionId: string,
    type: T,
    payload: EventPayloads[T],
    options: RequestOptions & { t_ms?: number; frame_id?: string } = {},
  ): Promise<Event> {
    const { t_ms, frame_id, ...request } = options;
    const body = { type, payload, t_ms: t_ms ?? (await this.nowTMs(sessionId)), frame_id };
    return this.http.json<Event>({ method: "POST", path: `/v1/sessions/${enc(sessionId)}/events`, body, ...request });
  }

  /** Emits up to 100 events in one request; answers the stored events in request order. */
  async emitMany(sessionId: string, events: EventInput[], options: RequestOptions = {}): Promise<Event[]> {
    const needsClock = events.some((e) => e.t_ms === undefined);
    const now = needsClock ? await this.nowTMs(sessionId) : 0;
    const body = { events: events.map((e) => ({ ...e, t_ms: e.t_ms ?? now })) };
    const answer = await this.http.json<{ data: Event[] }>({
      method: "POST",
      path: `/v1/sessions/${enc(sessionId)}/events`,
      body,
      ...options,
    });
    return answer.data;
  }

  /**
   * Live events of a session over SSE (SPEC §5): history first, then live, until the session is sealed
   * (`event: end`). A dropped connection is resumed with `Last-Event-ID`, so nothing is missed or repeated.
   */
  stream(sessionId: string, options: EventStreamOptions = {}): EventStream {
    return new EventStream(this.http, `/v1/sessions/${enc(sessionId)}/events/stream`, sessionId, options);
  }

  /** Live events of every session of a workflow (`GET /v1/workflows/{slug}/events/stream`). */
  streamWorkflow(slug: string, options: EventStreamOptions = {}): EventStream {
    return new EventStream(this.http, `/v1/workflows/${enc(slug)}/events/stream`, undefined, options);
  }

  /** Remembers when the session started so t_ms can default to "now" in session time. */
  rememberStart(sessionId: string, startedAt: string | null | undefined): void {
    if (startedAt) this.startedAt.set(sessionId, Date.parse(startedAt));
  }

  private async nowTMs(sessionId: string): Promise<number> {
    let started = this.startedAt.get(sessionId);
    if (started === undefined) {
      const session = await this.http.json<{ started_at: string | null; created_at: string }>({
        method: "GET",
        path: `/v1/sessions/${enc(sessionId)}`,
      });
      started = Date.parse(session.started_at ?? session.created_at);
      this.startedAt.set(sessionId, started);
    }
    return Math.max(0, Date.now() - started);
  }
}

/** An SSE subscription: iterate it with `for await`; `close()` ends it (the loop then finishes normally). */
export class EventStream implements AsyncIterable<Event> {
  /** The id of the last event received; a reconnect resumes after it. */
  lastEventId: string | undefined;
  /** How many times the connection was re-established. */
  reconnects = 0;
  private readonly controller = new AbortController();
  private closed = false;
  private iterating = false;

  constructor(
    private readonly http: HttpClient,
    private readonly path: string,
    private readonly sessionId: string | undefined,
    private readonly options: EventStreamOptions,
  ) {
    this.lastEventId = options.lastEventId;
    options.signal?.addEventListener("abort", () => this.close(), { once: true });
  }

  /** Stops the stream: the open connection is cancelled and the iteration ends. */
  close(): void {
    this.closed = true;
    this.controller.abort();
  }

  [Symbol.asyncIterator](): AsyncIterator<Event> {
    if (this.iterating) throw new Error("an EventStream can be iterated only once");
    this.iterating = true;
    const generator = this.run();
    return {
      next: () => generator.next(),
      return: async (value?: unknown) => {
        this.close();
        return generator.return(value as undefined);
      },
    };
  }

  private async *run(): AsyncGenerator<Event, void, undefined> {
    const { logger } = this.http.config;
    const maxReconnects = this.options.maxReconnects ?? 10;
    const reconnect = this.options.reconnect ?? true;
    let failuresInARow = 0;
    let retryMs: number | undefined;
    while (!this.closed) {
      let receivedSomething = false;
      let failure: unknown;
      try {
        const response = await this.http.send(
          {
            method: "GET",
            path: this.path,
            query: {
              type: this.options.types && this.options.types.length > 0 ? this.options.types : undefined,
              confidence_gte: this.options.confidenceGte,
              from_t_ms: this.lastEventId === undefined ? this.options.fromTMs : undefined,
            },
            signal: this.controller.signal,
          },
          {
            Accept: "text/event-stream",
            ...(this.lastEventId !== undefined ? { "Last-Event-ID": this.lastEventId } : {}),
          },
        );
        if (!response.body) throw new NusomiError({ code: "invalid_response", message: "the stream has no body" });
        const parser = new SseParser();
        const decoder = new TextDecoder();
        const reader = response.body.getReader();
        try {
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            for (const item of parser.feed(decoder.decode(value, { stream: true }))) {
              receivedSomething = true;
              if (item.kind === "comment") {
                if (item.text.startsWith("dropped")) logger?.warn(`nusomi: stream ${this.path}: ${item.text}`);
                continue;
              }
              const message = item.message;
              if (message.retry !== undefined) retryMs = message.retry;
              if (message.event === "end") {
                this.closed = true;
                return;
              }
              if (message.id !== undefined) this.lastEventId = message.id;
              const event = this.toEvent(message.id, message.event, message.data);
              if (event) yield event;
              if (this.closed) return;
            }
          }
        } finally {
          reader.cancel().catch(() => undefined);
        }
        failure = new NusomiError({ code: "connection_error", message: "the stream ended before `event: end`" });
      } catch (e) {
        if (this.closed) return;
        if (e instanceof NusomiError && e.status >= 400 && e.status < 500 && e.status !== 408 && e.status !== 429) throw e;
        if (e instanceof NusomiError && e.code === "aborted") return;
        failure = e;
      }
      if (this.closed) return;
      if (!reconnect) throw failure;
      failuresInARow = receivedSomething ? 1 : failuresInARow + 1;
      if (failuresInARow > maxReconnects) throw failure;
      this.reconnects++;
      const delay = retryMs ?? this.http.backoff(failuresInARow - 1, null);
      logger?.debug(`nusomi: stream ${this.path} dropped; reconnecting in ${delay} ms after ${this.lastEventId ?? "(start)"}`);
      try {
        await sleep(delay, this.controller.signal);
      } catch {
        return; // closed while waiting
      }
    }
  }

  /** An SSE message as an Event: `id:` is the event id, `event:` its type, `data:` the rest of its fields. */
  private toEvent(id: string | undefined, type: string, data: string): Event | undefined {
    if (data === "") return undefined;
    let fields: Record<string, unknown>;
    try {
      fields = JSON.parse(data) as Record<string, unknown>;
    } catch {
      this.http.config.logger?.warn(`nusomi: stream ${this.path}: data that is not JSON skipped`);
      return undefined;
    }
    return {
      ...fields,
      id: (fields.id as string | undefined) ?? id,
      type: (fields.type as string | undefined) ?? type,
      session_id: (fields.session_id as string | undefined) ?? this.sessionId,
    } as Event;
  }
}

const enc = encodeURIComponent;
