import { HttpClient, type FetchLike, type Logger } from "./core.js";
import { credentialsPath, readCredentials, type LocalCredentials } from "./credentials.js";
import { NusomiError } from "./errors.js";
import { Events } from "./resources/events.js";
import { Exports } from "./resources/exports.js";
import { Frames } from "./resources/frames.js";
import { Keys, Memory, Recovery, ReplayResource, Webhooks, Workflows, Workspaces } from "./resources/misc.js";
import { Sessions } from "./resources/sessions.js";
import { VERSION } from "./version.js";

export const DEFAULT_BASE_URL = "https://api.nusomi.com";

export interface NusomiOptions {
  /** `nsk_…` (or `nso_…` for /v1/workspaces). Default: env NUSOMI_API_KEY, else the local installation file. */
  apiKey?: string;
  /** Default: env NUSOMI_BASE_URL, else the installation file's `gateway_url` (see README), else https://api.nusomi.com. */
  baseUrl?: string;
  /** Per-request timeout in ms (until the answer's headers arrive). Default 30 000. */
  timeout?: number;
  /** Retries on 408, 429, 5xx and network errors. Default 3. */
  maxRetries?: number;
  /** Custom transport; default the global fetch (Node 18+). */
  fetch?: FetchLike;
  /** Default `nusomi-ts/<version>`. */
  userAgent?: string;
  logger?: Logger;
  /** Base delay of the exponential backoff between retries when the server sends no Retry-After (ms, default 500). */
  retryBaseMs?: number;
  /** Largest backoff delay (ms, default 8000). */
  retryMaxMs?: number;
  /** Environment to read NUSOMI_API_KEY / NUSOMI_BASE_URL / NUSOMI_HOME from (default process.env). */
  env?: Record<string, string | undefined>;
}

/**
 * The Nusomi API client. One resource object per primitive:
 * `sessions, events, frames, exports, webhooks, workflows, keys, workspaces, replay, recovery, memory`.
 */
export class Nusomi {
  readonly sessions: Sessions;
  readonly events: Events;
  readonly frames: Frames;
  readonly exports: Exports;
  readonly webhooks: Webhooks;
  readonly workflows: Workflows;
  readonly keys: Keys;
  readonly workspaces: Workspaces;
  readonly replay: ReplayResource;
  readonly recovery: Recovery;
  readonly memory: Memory;
  /** The base URL requests go to. */
  readonly baseUrl: string;
  /** The local installation file this client read, if any. */
  readonly localCredentials: LocalCredentials | undefined;

  constructor(options: NusomiOptions = {}) {
    const env = options.env ?? process.env;
    let apiKey = options.apiKey ?? nonEmpty(env.NUSOMI_API_KEY);
    let local: LocalCredentials | undefined;
    // The installation file is read when no key is given, or to find a local gateway for a local key (nsk_local_…).
    if (apiKey === undefined || (options.baseUrl === undefined && !nonEmpty(env.NUSOMI_BASE_URL) && apiKey.startsWith("nsk_local_"))) {
      local = readCredentials(credentialsPath(env));
    }
    if (apiKey === undefined) apiKey = nonEmpty(local?.admin_key);
    if (apiKey === undefined) {
      throw new NusomiError({
        code: "missing_api_key",
        message: `no API key: pass {apiKey}, set NUSOMI_API_KEY, or run a local installation (${credentialsPath(env)})`,
      });
    }
    const fetchImpl = options.fetch ?? (globalThis.fetch as FetchLike | undefined);
    if (!fetchImpl) {
      throw new NusomiError({ code: "invalid_request", message: "no global fetch (Node 18+ needed) and no {fetch} option" });
    }
    this.localCredentials = local;
    this.baseUrl = options.baseUrl ?? nonEmpty(env.NUSOMI_BASE_URL) ?? nonEmpty(local?.gateway_url) ?? DEFAULT_BASE_URL;
    const http = new HttpClient({
      apiKey,
      baseUrl: this.baseUrl,
      timeout: options.timeout ?? 30_000,
      maxRetries: options.maxRetries ?? 3,
      fetch: options.fetch ?? ((input, init) => fetchImpl(input, init)),
      userAgent: options.userAgent ?? `nusomi-ts/${VERSION}`,
      logger: options.logger,
      retryBaseMs: options.retryBaseMs ?? 500,
      retryMaxMs: options.retryMaxMs ?? 8_000,
    });
    this.events = new Events(http);
    this.frames = new Frames(http);
    this.sessions = new Sessions(http, this.events, this.frames);
    this.exports = new Exports(http);
    this.webhooks = new Webhooks(http);
    this.workflows = new Workflows(http);
    this.keys = new Keys(http);
    this.workspaces = new Workspaces(http);
    this.replay = new ReplayResource(http);
    this.recovery = new Recovery(http);
    this.memory = new Memory(http);
  }

  /**
   * A client for a local installation: key and gateway from `$NUSOMI_HOME/credentials.json` (or `path`), the
   * workspace admin key by default, or the operator key with `{key: "operator"}`.
   */
  static fromCredentialsFile(
    path?: string,
    options: Omit<NusomiOptions, "apiKey" | "baseUrl"> & { key?: "admin" | "operator" } = {},
  ): Nusomi {
    const file = path ?? credentialsPath(options.env ?? process.env);
    const local = readCredentials(file);
    if (!local) throw new NusomiError({ code: "missing_api_key", message: `no installation file at ${file}` });
    const apiKey = options.key === "operator" ? local.operator_key : local.admin_key;
    if (!apiKey || !local.gateway_url) {
      throw new NusomiError({ code: "missing_api_key", message: `${file} has no ${options.key ?? "admin"}_key or gateway_url` });
    }
    const client = new Nusomi({ ...options, apiKey, baseUrl: local.gateway_url });
    (client as { localCredentials: LocalCredentials | undefined }).localCredentials = local;
    return client;
  }
}

function nonEmpty(value: string | undefined | null): string | undefined {
  return value === undefined || value === null || value === "" ? undefined : value;
}
