import type { HttpClient, ListResult } from "../core.js";
import { sleep } from "../core.js";
import { NusomiError } from "../errors.js";
import type {
  Actor,
  EventPayloads,
  EventStreamOptions,
  EventType,
  Event,
  FrameUploadInput,
  Outcome,
  RequestOptions,
  SessionCreateInput,
  SessionData,
  SessionListFilter,
  SessionStatus,
  SessionTag,
  Surface,
  UploadedFrame,
} from "../types.js";
import type { EventStream, Events } from "./events.js";
import type { Frames } from "./frames.js";

/**
 * A session as the API answered it, plus fluent methods: `await session.start()`, `await session.stop()`.
 * Each method refreshes the fields in place with the server's answer and returns the same object.
 */
export class Session implements SessionData {
  id!: string;
  workflow!: string;
  status!: SessionStatus;
  actor!: Actor;
  surface!: Surface;
  metadata!: Record<string, unknown>;
  tags!: SessionTag[];
  outcome!: Outcome | null;
  created_at!: string;
  started_at!: string | null;
  stopped_at!: string | null;
  sealed_at!: string | null;
  duration_ms!: number | null;
  frame_count!: number;
  event_count!: number;

  constructor(private readonly resource: Sessions, data: SessionData) {
    Object.defineProperty(this, "resource", { enumerable: false });
    Object.assign(this, data);
  }

  async start(options?: RequestOptions): Promise<this> {
    return this.update(await this.resource.start(this.id, options));
  }

  async stop(options?: RequestOptions): Promise<this> {
    return this.update(await this.resource.stop(this.id, options));
  }

  /** Reloads the session (status, counts, outcome once sealed). */
  async refresh(options?: RequestOptions): Promise<this> {
    return this.update(await this.resource.get(this.id, options));
  }

  async tag(name: string, data?: unknown, options?: RequestOptions): Promise<void> {
    await this.resource.tag(this.id, name, data, options);
  }

  async delete(options?: RequestOptions): Promise<void> {
    await this.resource.delete(this.id, options);
  }

  /** Uploads frames (≤ 50 a request) while recording. */
  uploadFrames(frames: FrameUploadInput[], options?: RequestOptions): Promise<UploadedFrame[]> {
    return this.resource.frames.upload(this.id, frames, options);
  }

  /** Emits one event; `t_ms` defaults to now in session time. */
  emit<T extends EventType>(
    type: T,
    payload: EventPayloads[T],
    options?: RequestOptions & { t_ms?: number; frame_id?: string },
  ): Promise<Event> {
    return this.resource.events.emit(this.id, type, payload, options);
  }

  events(options?: EventStreamOptions): EventStream {
    return this.resource.events.stream(this.id, options);
  }

  /**
   * Polls until the session is sealed (after stop, once every frame and event is in) and answers it.
   * Rejects with `timeout` after `timeoutMs` (default 60 s).
   */
  async waitUntilSealed(options: { intervalMs?: number; timeoutMs?: number } = {}): Promise<this> {
    const deadline = Date.now() + (options.timeoutMs ?? 60_000);
    for (;;) {
      await this.refresh();
      if (this.status === "sealed" || this.status === "deleted") return this;
      if (Date.now() > deadline) {
        throw new NusomiError({ code: "timeout", message: `session ${this.id} is still ${this.status}` });
      }
      await sleep(options.intervalMs ?? 500);
    }
  }

  /** The plain wire fields (what JSON.stringify shows too). */
  toJSON(): SessionData {
    const { ...fields } = this as unknown as SessionData;
    return fields;
  }

  private update(data: SessionData): this {
    Object.assign(this, data);
    this.resource.events.rememberStart(this.id, this.started_at);
    return this;
  }
}

/** `nusomi.sessions`: create, read, list and drive the lifecycle of recordings (SPEC §3). */
export class Sessions {
  constructor(
    private readonly http: HttpClient,
    readonly events: Events,
    readonly frames: Frames,
  ) {}

  /** Creates a session (`status: created`); `actor` defaults to `{kind: "script"}`, code driving the recording. */
  async create(input: SessionCreateInput, options?: RequestOptions): Promise<Session> {
    const body = { actor: { kind: "script" }, ...input };
    return this.wrap(await this.http.json<SessionData>({ method: "POST", path: "/v1/sessions", body, ...options }));
  }

  async get(id: string, options?: RequestOptions): Promise<Session> {
    return this.wrap(await this.http.json<SessionData>({ method: "GET", path: `/v1/sessions/${enc(id)}`, ...options }));
  }

  /** Sessions newest first, filtered (workflow, status, outcome, actor.kind, tag, since/until), paged lazily. */
  list(filter: SessionListFilter = {}): ListResult<Session> {
    const { pageSize, cursor, ...query } = filter;
    return this.http.list<SessionData, Session>("/v1/sessions", query, { pageSize, cursor }, (s) => this.wrap(s));
  }

  async start(id: string, options?: RequestOptions): Promise<Session> {
    const session = this.wrap(
      await this.http.json<SessionData>({ method: "POST", path: `/v1/sessions/${enc(id)}/start`, ...options }),
    );
    this.events.rememberStart(session.id, session.started_at);
    return session;
  }

  async stop(id: string, options?: RequestOptions): Promise<Session> {
    return this.wrap(await this.http.json<SessionData>({ method: "POST", path: `/v1/sessions/${enc(id)}/stop`, ...options }));
  }

  async tag(id: string, name: string, data?: unknown, options?: RequestOptions): Promise<void> {
    await this.http.json({ method: "POST", path: `/v1/sessions/${enc(id)}/tags`, body: { name, data }, ...options });
  }

  async delete(id: string, options?: RequestOptions): Promise<void> {
    await this.http.json({ method: "DELETE", path: `/v1/sessions/${enc(id)}`, ...options });
  }

  private wrap(data: SessionData): Session {
    return new Session(this, data);
  }
}

const enc = encodeURIComponent;
