import type { HttpClient, ListResult } from "../core.js";
import { sleep } from "../core.js";
import { NusomiError } from "../errors.js";
import type {
  Destination,
  ExportCreateInput,
  ExportData,
  ExportFormat,
  ExportListFilter,
  ExportStatus,
  ExportWaitOptions,
  RequestOptions,
} from "../types.js";

/**
 * An export as the API answered it, plus `wait()`: `await exp.wait()` polls until the export completes, refreshing
 * the fields in place, so `exp.manifest_url` is set afterwards (seed 000 step 4).
 */
export class Export implements ExportData {
  id!: string;
  status!: ExportStatus;
  workflow?: string | string[];
  format?: ExportFormat;
  tag?: string | null;
  rows?: number | null;
  shards?: number | null;
  shard_size_bytes?: number | null;
  frames?: number | null;
  actions?: number | null;
  shards_done?: number | null;
  manifest_url!: string | null;
  error?: { code: string; message: string } | null;
  created_at!: string;
  destination?: Destination;

  constructor(private readonly resource: Exports, data: ExportData) {
    Object.defineProperty(this, "resource", { enumerable: false });
    Object.assign(this, data);
  }

  get done(): boolean {
    return this.status === "completed" || this.status === "failed";
  }

  /** Reloads the export (status, `shards_done`, `manifest_url`). */
  async refresh(options?: RequestOptions): Promise<this> {
    Object.assign(this, await this.resource.fetch(this.id, options));
    return this;
  }

  /**
   * Resolves with this export once it is `completed` (then `manifest_url` is set); rejects with a NusomiError
   * (the export's error code, else `export_failed`) when it fails. `onProgress` sees every poll.
   */
  async wait(options: ExportWaitOptions = {}): Promise<this> {
    const interval = options.intervalMs ?? 1000;
    const deadline = options.timeoutMs === undefined ? Infinity : Date.now() + options.timeoutMs;
    for (let first = true; ; first = false) {
      if (!first || !this.done) await this.refresh({ signal: options.signal });
      options.onProgress?.(this);
      if (this.status === "completed") return this;
      if (this.status === "failed") {
        throw new NusomiError({
          code: this.error?.code ?? "export_failed",
          message: `export ${this.id} failed: ${this.error?.message ?? "no reason given"}`,
        });
      }
      if (Date.now() + interval > deadline) {
        throw new NusomiError({
          code: "timeout",
          message: `export ${this.id} is still ${this.status} (${this.shards_done ?? 0}/${this.shards ?? "?"} shards)`,
        });
      }
      await sleep(interval, options.signal);
    }
  }

  /** Alias of `wait()` (the name SPEC §10 uses). */
  waitFor(options?: ExportWaitOptions): Promise<this> {
    return this.wait(options);
  }

  toJSON(): ExportData {
    const { ...fields } = this as unknown as ExportData;
    return fields;
  }
}

/** `nusomi.exports`: turn sealed sessions into datasets in your bucket (SPEC §6). */
export class Exports {
  constructor(private readonly http: HttpClient) {}

  /** Queues an export (202); `await (await create(...)).wait()` for the manifest. */
  async create(input: ExportCreateInput, options?: RequestOptions): Promise<Export> {
    return new Export(this, await this.http.json<ExportData>({ method: "POST", path: "/v1/exports", body: input, ...options }));
  }

  async get(id: string, options?: RequestOptions): Promise<Export> {
    return new Export(this, await this.fetch(id, options));
  }

  /** Exports newest first (workflow, status, tag). Also awaitable: `(await exports.list({tag}))[0].manifest_url`. */
  list(filter: ExportListFilter = {}): ListResult<Export> {
    const { pageSize, cursor, ...query } = filter;
    return this.http.list<ExportData, Export>("/v1/exports", query, { pageSize, cursor }, (e) => new Export(this, e));
  }

  /** @internal */
  fetch(id: string, options?: RequestOptions): Promise<ExportData> {
    return this.http.json<ExportData>({ method: "GET", path: `/v1/exports/${encodeURIComponent(id)}`, ...options });
  }
}
