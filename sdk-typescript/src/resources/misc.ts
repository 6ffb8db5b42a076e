import type { HttpClient, HttpRequest, ListResult } from "../core.js";
import { NusomiError } from "../errors.js";
import type {
  ApiKey,
  Frame,
  ListOptions,
  MemoryFilter,
  Path,
  Replay,
  ReplayOptions,
  RequestOptions,
  Scope,
  SessionData,
  Subscription,
  Webhook,
  WebhookCreateInput,
  WebhookDelivery,
  Workflow,
  Workspace,
} from "../types.js";

const enc = encodeURIComponent;

/** `nusomi.webhooks`: endpoints that receive signed event deliveries (SPEC §7). */
export class Webhooks {
  constructor(private readonly http: HttpClient) {}

  /** Registers an endpoint; the answer carries its `secret` (`whsec_…`), shown only here. */
  create(input: WebhookCreateInput, options?: RequestOptions): Promise<Webhook> {
    return this.http.json<Webhook>({ method: "POST", path: "/v1/webhooks", body: input, ...options });
  }

  /** Every webhook; awaitable as an array, or iterated page by page. */
  list(options: ListOptions = {}): ListResult<Webhook> {
    return this.http.list<Webhook>("/v1/webhooks", {}, options);
  }

  async delete(id: string, options?: RequestOptions): Promise<void> {
    await this.http.json({ method: "DELETE", path: `/v1/webhooks/${enc(id)}`, ...options });
  }

  deliveries(id: string, options: ListOptions = {}): ListResult<WebhookDelivery> {
    return this.http.list<WebhookDelivery>(`/v1/webhooks/${enc(id)}/deliveries`, {}, options);
  }

  retryDelivery(id: string, deliveryId: string, options?: RequestOptions): Promise<WebhookDelivery> {
    return this.http.json<WebhookDelivery>({
      method: "POST",
      path: `/v1/webhooks/${enc(id)}/deliveries/${enc(deliveryId)}/retry`,
      ...options,
    });
  }
}

/** `nusomi.keys` (admin scope): API keys of the workspace. */
export class Keys {
  constructor(private readonly http: HttpClient) {}

  /** Creates a key; the answer's `key` (`nsk_…`) is the secret, shown only here. */
  create(input: { name: string; scopes?: Scope[] }, options?: RequestOptions): Promise<ApiKey> {
    return this.http.json<ApiKey>({ method: "POST", path: "/v1/keys", body: input, ...options });
  }

  list(options: ListOptions = {}): ListResult<ApiKey> {
    return this.http.list<ApiKey>("/v1/keys", {}, options);
  }

  /** Revokes a key at once (it then gets 401 `invalid_api_key`); answers the key with `revoked_at`. */
  revoke(id: string, options?: RequestOptions): Promise<ApiKey> {
    return this.http.json<ApiKey>({ method: "DELETE", path: `/v1/keys/${enc(id)}`, ...options });
  }
}

/** `nusomi.workflows`: the business processes sessions were recorded for. */
export class Workflows {
  constructor(private readonly http: HttpClient) {}

  list(options: ListOptions = {}): ListResult<Workflow> {
    return this.http.list<Workflow>("/v1/workflows", {}, options);
  }
}

/** `nusomi.workspaces` (operator key `nso_…` only): tenants of an installation. */
export class Workspaces {
  constructor(private readonly http: HttpClient) {}

  /** Creates a workspace; the answer's `admin_key` is shown only here. */
  create(input: { name: string }, options?: RequestOptions): Promise<Workspace> {
    return this.http.json<Workspace>({ method: "POST", path: "/v1/workspaces", body: input, ...options });
  }

  list(options: ListOptions = {}): ListResult<Workspace> {
    return this.http.list<Workspace>("/v1/workspaces", {}, options);
  }
}

/**
 * Calls an endpoint of a capability the server may not have yet (SPEC §8). A 404/405/501 that is not about a
 * missing resource (`session_not_found` …) means the route itself is absent: that becomes `not_available`.
 */
async function laterCapability<T>(http: HttpClient, capability: string, req: HttpRequest): Promise<T> {
  try {
    return await http.json<T>(req);
  } catch (e) {
    if (e instanceof NusomiError && [404, 405, 501].includes(e.status) && !e.code.endsWith("_not_found")) {
      throw notAvailable(capability, e);
    }
    throw e;
  }
}

function notAvailable(capability: string, cause?: NusomiError): NusomiError {
  return new NusomiError({
    code: "not_available",
    message: `${capability} is not available on this server (it does not offer this capability yet)`,
    status: cause?.status ?? 0,
    requestId: cause?.requestId ?? null,
    cause,
  });
}

/** `nusomi.replay`: re-run a recorded session (SPEC §8). Rejects with `not_available` where the server has no replay. */
export class ReplayResource {
  constructor(private readonly http: HttpClient) {}

  exact(sessionId: string, opts: ReplayOptions = {}): Promise<Replay> {
    return this.create(sessionId, "exact", opts);
  }

  guided(sessionId: string, opts: ReplayOptions = {}): Promise<Replay> {
    return this.create(sessionId, "guided", opts);
  }

  partial(sessionId: string, opts: ReplayOptions): Promise<Replay> {
    return this.create(sessionId, "partial", opts);
  }

  get(id: string): Promise<Replay> {
    return laterCapability(this.http, "replay", { method: "GET", path: `/v1/replays/${enc(id)}` });
  }

  private create(sessionId: string, mode: Replay["mode"], opts: ReplayOptions): Promise<Replay> {
    return laterCapability(this.http, "replay", {
      method: "POST",
      path: "/v1/replays",
      body: { session_id: sessionId, mode, ...opts },
    });
  }
}

/** `nusomi.recovery`: a guided partial replay from the frame before the first error (SPEC §8). */
export class Recovery {
  constructor(private readonly http: HttpClient) {}

  from(sessionId: string, opts: ReplayOptions = {}): Promise<Replay> {
    return laterCapability(this.http, "recovery", {
      method: "POST",
      path: "/v1/recoveries",
      body: { session_id: sessionId, ...opts },
    });
  }
}

/** `nusomi.memory`: the per-workflow graph of screen states and paths (SPEC §8). */
export class Memory {
  constructor(private readonly http: HttpClient) {}

  async paths(filter: MemoryFilter): Promise<Path[]> {
    return this.page<Path>("/v1/memory/paths", filter);
  }

  async outliers(filter: MemoryFilter): Promise<SessionData[]> {
    return this.page<SessionData>("/v1/memory/outliers", filter);
  }

  async similar(sessionId: string, opts: { limit?: number } = {}): Promise<SessionData[]> {
    return this.page<SessionData>(`/v1/sessions/${enc(sessionId)}/similar`, opts);
  }

  async recoveryPoints(filter: MemoryFilter): Promise<Frame[]> {
    return this.page<Frame>("/v1/memory/recovery-points", filter);
  }

  /**
   * Drift notifications arrive as `memory.drift.detected` webhooks; an in-process subscription needs a server
   * push channel that does not exist yet, so this throws `not_available`. Register a webhook instead.
   */
  onDrift(_workflow: string, _handler: (drift: unknown) => void): Subscription {
    throw notAvailable("memory.onDrift (use a webhook for memory.drift.detected)");
  }

  private async page<T>(path: string, query: Record<string, unknown>): Promise<T[]> {
    const flat: Record<string, string> = {};
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null) flat[k] = String(v);
    const answer = await laterCapability<{ data: T[] }>(this.http, "memory", { method: "GET", path, query: flat });
    return answer.data;
  }
}
