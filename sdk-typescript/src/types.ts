// Wire types of the Nusomi API (SPEC §2, §4, §6, §7). Field names are the API's (snake_case), so a value read from
// the SDK is exactly what the server sent.

export type SessionStatus = "created" | "recording" | "stopped" | "sealed" | "deleted";
export type Outcome = "success" | "error" | "abandoned";
export type ActorKind = "human" | "model" | "script";
export type Surface = "web" | "macos" | "windows" | "linux" | "remote";
export type EventSource = "ax" | "dom" | "vision" | "sdk";

export interface Actor {
  kind: ActorKind;
  id?: string | null;
}

export interface SessionTag {
  name: string;
  data?: unknown;
  t_ms?: number;
}

/** One recording (SPEC §2). */
export interface SessionData {
  id: string;
  workflow: string;
  status: SessionStatus;
  actor: Actor;
  surface: Surface;
  metadata: Record<string, unknown>;
  tags: SessionTag[];
  outcome: Outcome | null;
  created_at: string;
  started_at: string | null;
  stopped_at: string | null;
  sealed_at: string | null;
  duration_ms: number | null;
  frame_count: number;
  event_count: number;
}

export interface SessionCreateInput {
  workflow: string;
  actor?: Actor;
  surface?: Surface;
  metadata?: Record<string, unknown>;
  tags?: { name: string; data?: unknown }[];
}

export interface SessionListFilter extends ListOptions {
  workflow?: string;
  status?: SessionStatus;
  outcome?: Outcome;
  "actor.kind"?: ActorKind;
  tag?: string;
  since?: string;
  until?: string;
}

export interface Viewport {
  w: number;
  h: number;
  scale?: number;
}

export interface AppInfo {
  bundle_id?: string | null;
  name?: string | null;
  version?: string | null;
}

export interface Point {
  x: number;
  y: number;
}

/** One screen capture (SPEC §2). */
export interface Frame {
  id: string;
  session_id: string;
  t_ms: number;
  image_url: string | null;
  dom: unknown;
  accessibility_tree: unknown;
  viewport: Viewport | null;
  app: AppInfo | null;
  cursor: Point | null;
  keyframe: boolean;
}

export interface FrameListFilter extends ListOptions {
  "t_ms.gte"?: number;
  "t_ms.lte"?: number;
  keyframe?: boolean;
}

/** Image bytes of one frame to upload: a Blob, or raw WebP bytes. */
export type ImageInput = Blob | ArrayBuffer | Uint8Array;

export interface FrameUploadInput {
  t_ms: number;
  /** WebP bytes. */
  image: ImageInput;
  viewport: Viewport;
  dom?: unknown;
  accessibility_tree?: unknown;
  app?: AppInfo | null;
  cursor?: Point | null;
}

/** What the server answers per uploaded frame, in request order. */
export interface UploadedFrame {
  id: string;
  t_ms: number;
  keyframe: boolean;
}

// ---------- events (SPEC §2 "Event types") ----------

export interface Bounds {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Target {
  role?: string | null;
  name?: string | null;
  selector?: string | null;
  bounds?: Bounds | null;
}

export interface ClickPayload { x: number; y: number; target?: Target | null; modifiers?: string[] }
export interface KeypressPayload { key: string; modifiers?: string[]; target?: Target | null }
export interface InputTextPayload { field: string; value: string; target?: Target | null }
export interface NavigatePayload { from_url?: string | null; to_url: string; source?: string | null }
export interface AppFocusPayload { from_app?: string | null; to_app: string }
export interface SubmitPayload { form?: string | null; payload?: unknown }
export interface ValidationErrorPayload { field?: string | null; message: string }
export interface RetryPayload { of_event_id: string; after_ms: number }
export interface WaitPayload { duration_ms: number; reason?: string | null }
export interface SuccessPayload { marker?: string | null }
export interface ErrorPayload { kind?: string | null; message?: string | null }
export interface TagPayload { name: string; data?: unknown }

/** Payload of each of the twelve event types, keyed by type. */
export interface EventPayloads {
  click: ClickPayload;
  keypress: KeypressPayload;
  input_text: InputTextPayload;
  navigate: NavigatePayload;
  app_focus: AppFocusPayload;
  submit: SubmitPayload;
  validation_error: ValidationErrorPayload;
  retry: RetryPayload;
  wait: WaitPayload;
  success: SuccessPayload;
  error: ErrorPayload;
  tag: TagPayload;
}

export type EventType = keyof EventPayloads;

/** The twelve event types, in SPEC order. */
export const EVENT_TYPES: readonly EventType[] = [
  "click",
  "keypress",
  "input_text",
  "navigate",
  "app_focus",
  "submit",
  "validation_error",
  "retry",
  "wait",
  "success",
  "error",
  "tag",
];

interface EventBase<T extends EventType> {
  id: string;
  session_id: string;
  /** Null for an event emitted before the session's first frame, until that frame arrives. */
  frame_id: string | null;
  t_ms: number;
  type: T;
  payload: EventPayloads[T];
  confidence: number;
  source: EventSource;
  created_at: string;
  /** Present when queried with `include: "frame"`. */
  frame?: Frame;
}

export type ClickEvent = EventBase<"click">;
export type KeypressEvent = EventBase<"keypress">;
export type InputTextEvent = EventBase<"input_text">;
export type NavigateEvent = EventBase<"navigate">;
export type AppFocusEvent = EventBase<"app_focus">;
export type SubmitEvent = EventBase<"submit">;
export type ValidationErrorEvent = EventBase<"validation_error">;
export type RetryEvent = EventBase<"retry">;
export type WaitEvent = EventBase<"wait">;
export type SuccessEvent = EventBase<"success">;
export type ErrorEvent = EventBase<"error">;
export type TagEvent = EventBase<"tag">;

/** A typed action anchored to a frame; discriminated on `type`, so `ev.payload` narrows with it. */
export type Event =
  | ClickEvent
  | KeypressEvent
  | InputTextEvent
  | NavigateEvent
  | AppFocusEvent
  | SubmitEvent
  | ValidationErrorEvent
  | RetryEvent
  | WaitEvent
  | SuccessEvent
  | ErrorEvent
  | TagEvent;

/** An event to emit: `{type, t_ms, payload, frame_id?}`, typed per `type`. */
export type EventInput = {
  [T in EventType]: { type: T; payload: EventPayloads[T]; t_ms?: number; frame_id?: string };
}[EventType];

export interface EventQueryFilter extends ListOptions {
  /** One type or several (sent as `type=a,b`). */
  type?: EventType | EventType[];
  /** Alias of `type` (the stream option's name). */
  types?: EventType[];
  "t_ms.gte"?: number;
  "t_ms.lte"?: number;
  frame_id?: string;
  "confidence.gte"?: number;
  include?: "frame";
  order?: "asc" | "desc";
}

export interface EventStreamOptions {
  /** Only these types (sent as `type=a,b`). */
  types?: EventType[];
  /** Only events with at least this confidence. */
  confidenceGte?: number;
  /** Start at this session time instead of the beginning. */
  fromTMs?: number;
  /** Resume after this event id (sent as `Last-Event-ID`). */
  lastEventId?: string;
  /** Reconnect after a dropped connection (default true). */
  reconnect?: boolean;
  /** Give up after this many reconnects in a row without receiving anything (default 10). */
  maxReconnects?: number;
  /** Cancels the stream like `close()`. */
  signal?: AbortSignal;
}

// ---------- exports (SPEC §6) ----------

export type ExportFormat = "parquet" | "webdataset" | "jsonl" | "arrow";
export type ExportStatus = "queued" | "running" | "completed" | "failed";

export interface ExportFilter {
  outcome?: Outcome;
  since?: string;
  until?: string;
  actor?: { kind: ActorKind };
  "actor.kind"?: ActorKind;
  min_duration_ms?: number;
  max_duration_ms?: number;
  tag?: string;
  path?: string;
  exclude_session_ids?: string[];
  min_event_confidence?: number;
}

export interface FrameSampling {
  mode: "event_only" | "every_n_ms" | "keyframes_only" | "all";
  interval_ms?: number;
  keep_action_frames?: boolean;
}

export type Destination =
  | { kind: "s3"; bucket: string; prefix?: string; region?: string; role_arn?: string; endpoint?: string }
  | { kind: "gcs"; bucket: string; prefix?: string; service_account?: string }
  | { kind: "azure_blob"; account: string; container: string; prefix?: string }
  | { kind: "signed_url" };

export interface ExportCreateInput {
  workflow: string | string[];
  filter?: ExportFilter;
  format?: ExportFormat;
  frame_sampling?: FrameSampling;
  destination: Destination;
  tag?: string;
  shard_size_bytes?: number;
}

export interface ExportData {
  id: string;
  status: ExportStatus;
  workflow?: string | string[];
  format?: ExportFormat;
  tag?: string | null;
  rows?: number | null;
  shards?: number | null;
  shard_size_bytes?: number | null;
  frames?: number | null;
  actions?: number | null;
  shards_done?: number | null;
  manifest_url: string | null;
  error?: { code: string; message: string } | null;
  created_at: string;
}

export interface ExportListFilter extends ListOptions {
  workflow?: string;
  status?: ExportStatus;
  tag?: string;
}

export interface ExportWaitOptions {
  /** Called with the export after every poll (status, `shards_done` of `shards`). */
  onProgress?: (exp: ExportData) => void;
  /** Poll interval in ms (default 1000). */
  intervalMs?: number;
  /** Reject with `timeout` after this many ms (default: wait forever). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

// ---------- webhooks (SPEC §7), keys, workflows, workspaces ----------

export interface Webhook {
  id: string;
  url: string;
  events: string[];
  description?: string | null;
  /** `whsec_…`, only in the answer to create. */
  secret?: string;
  created_at: string;
}

export interface WebhookCreateInput {
  url: string;
  events: string[];
  description?: string;
}

export interface WebhookDelivery {
  id: string;
  [field: string]: unknown;
}

export type Scope = "read" | "write" | "admin";

export interface ApiKey {
  id: string;
  name: string;
  scopes: Scope[];
  /** The secret `nsk_…`, only in the answer to create. */
  key?: string;
  redacted_key?: string;
  created_at: string;
  revoked_at?: string | null;
}

export interface Workflow {
  slug: string;
  session_count: number;
  last_session_at: string | null;
}

export interface Workspace {
  id: string;
  name: string;
  /** Only in the answer to create. */
  admin_key?: string;
  created_at?: string;
}

// ---------- later capabilities (SPEC §8) ----------

export type ReplayStatus = "queued" | "running" | "completed" | "diverged" | "failed" | "budget_exceeded" | "cancelled";

export interface Replay {
  id: string;
  session_id: string;
  mode: "exact" | "guided" | "partial";
  status: ReplayStatus;
  [field: string]: unknown;
}

export interface ReplayOptions {
  from_frame?: string;
  from_tag?: string;
  budget_ms?: number;
  sandbox?: "dry" | "live";
}

export interface Path {
  id: string;
  frequency?: number;
  session_count?: number;
  median_duration_ms?: number;
  [field: string]: unknown;
}

export interface MemoryFilter {
  workflow: string;
  [field: string]: unknown;
}

export interface Subscription {
  close(): void;
}

// ---------- lists ----------

export interface ListOptions {
  /** Items per request (default 100; the server caps it). */
  pageSize?: number;
  /** Start from this cursor instead of the beginning. */
  cursor?: string;
}

/** The list envelope every list endpoint answers. */
export interface Page<T> {
  data: T[];
  next_cursor: string | null;
  has_more: boolean;
}

export interface RequestOptions {
  signal?: AbortSignal;
  /** Overrides the client's timeout for this call. */
  timeout?: number;
  /** Overrides the generated Idempotency-Key of a POST. */
  idempotencyKey?: string;
}
