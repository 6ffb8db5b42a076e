// `./nusomi demo`: records the sample invoice-approval workflow in headless Chromium (a scripted recording uploaded
// through the SDK, until the capture agent exists), waits for the seal, exports it as WebDataset and Parquet into
// the local object store, waits with a progress bar, checks and prints both manifests and a Python snippet that
// loads them. Talks to the installation of $NUSOMI_HOME (default ./.nusomi) through its credentials.json.
import {
  Nusomi,
  NusomiError,
  credentialsPath,
  readCredentials,
  type Event,
  type EventPayloads,
  type EventType,
  type AppInfo,
  type Export,
  type Session,
  type Target,
} from "@nusomi/sdk";
import { Browser, findChromium } from "./chromium.js";
import { startSampleApp } from "./sample-app.js";
import { getObject, parseS3Url, sha256Hex, type ObjectStore } from "./s3.js";
import { solidWebp } from "./webp.js";

const WIDTH = 1280;
const HEIGHT = 800;
const WORKFLOW = "process_invoice";
const FORMATS = ["webdataset", "parquet"] as const;

interface Manifest {
  export_id: string;
  format: string;
  rows: number;
  shards: number;
  destination: string;
  files: { path?: string; url?: string; size_bytes: number; rows: number; sha256: string }[];
  [field: string]: unknown;
}

class DemoError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}

const say = (line = "") => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const args = new Set(process.argv.slice(2));
  const file = credentialsPath();
  const credentials = readCredentials(file);
  if (!credentials?.gateway_url || !credentials.admin_key) {
    throw new DemoError(`no local installation at ${file}: start one with ./nusomi up (it writes that file), then run ./nusomi demo again`, 3);
  }
  const store = credentials.object_store;
  if (!store?.endpoint || !store.bucket || !store.access_key || !store.secret_key) {
    throw new DemoError(`${file} names no object store (object_store.endpoint, bucket, access_key, secret_key)`);
  }
  const nusomi = new Nusomi({ apiKey: credentials.admin_key, baseUrl: credentials.gateway_url });
  try {
    await new Nusomi({ apiKey: credentials.admin_key, baseUrl: credentials.gateway_url, maxRetries: 0, timeout: 5_000 }).workflows.list();
  } catch (e) {
    if (e instanceof NusomiError && ["connection_error", "timeout"].includes(e.code)) {
      throw new DemoError(`nothing answers at ${credentials.gateway_url}: start the platform with ./nusomi up (in another shell), then run ./nusomi demo again`, 3);
    }
    throw e;
  }
  if (args.has("--check")) return; // `./nusomi demo` asks first whether it must start the platform
  say(`Nusomi demo against ${credentials.gateway_url} (installation ${file})`);

  // 1. record
  const runTag = `demo-${new Date().toISOString().replace(/[-:]|\.\d{3}/g, "").toLowerCase()}`;
  const chromium = args.has("--no-browser") ? undefined : findChromium();
  let browser: Browser | undefined;
  if (chromium) {
    try {
      browser = await Browser.launch(chromium, WIDTH, HEIGHT);
    } catch (e) {
      say(`   Chromium at ${chromium} did not start (${(e as Error).message.split("\n")[0]}): recording with generated frames instead`);
    }
  }
  const session = await nusomi.sessions.create({
    workflow: WORKFLOW,
    actor: { kind: "script", id: "nusomi-demo" },
    surface: "web",
    metadata: { demo: true, run: runTag, recorder: browser ? "chromium-cdp" : "generated-frames" },
  });
  // tagged before the start, so the run's tag sits at t_ms 0, ahead of every step (a tag placed by the server's clock
  // after the start could land a few milliseconds after the first step the demo timed on its own clock)
  await session.tag(runTag, { by: "nusomi demo" });
  await session.start();
  say();
  say(`1. recording ${session.id} (workflow ${WORKFLOW}) ${browser ? `in headless Chromium (${chromium})` : "with generated frames"}`);
  if (!chromium && !args.has("--no-browser")) {
    say("   no Chromium found (install chromium, or set NUSOMI_CHROMIUM): the frames are generated one-colour WebP images");
  }
  const recorder = new Recorder(nusomi, session, browser ? { bundle_id: "org.chromium.Chromium", name: "Chromium", version: null } : null);
  try {
    if (browser) await recordInChromium(recorder, browser);
    else await recordScripted(recorder);
  } catch (e) {
    await session.delete().catch(() => undefined); // a half recording would only be sealed as abandoned later
    throw e;
  } finally {
    await browser?.close();
  }

  // 2. seal
  await session.stop();
  say(`2. stopped; waiting for the seal…`);
  await session.waitUntilSealed({ timeoutMs: 180_000 });
  say(`   ${session.status}: outcome ${session.outcome}, ${session.frame_count} frames, ${session.event_count} events, ${session.duration_ms} ms`);

  // 3. export in both formats, into the local object store
  say(`3. exporting as ${FORMATS.join(" and ")} to ${store.endpoint} (bucket ${store.bucket})`);
  const exports = await Promise.all(
    FORMATS.map((format) =>
      nusomi.exports.create({
        workflow: WORKFLOW,
        filter: { tag: runTag },
        format,
        frame_sampling: { mode: "event_only", keep_action_frames: true },
        destination: {
          kind: "s3",
          bucket: store.bucket!,
          prefix: `demo/${session.id}/${format}/`,
          region: store.region ?? "us-east-1",
          endpoint: store.endpoint!,
        },
        tag: `${WORKFLOW}@${runTag}-${format}`,
      }),
    ),
  );
  const bars = new ProgressBars(exports, [...FORMATS]);
  await Promise.all(exports.map((exp) => exp.wait({ intervalMs: 500, timeoutMs: 600_000, onProgress: () => bars.draw() })));
  bars.draw(true);

  // 4. the manifests, checked against the bytes in the bucket
  const manifests: Manifest[] = [];
  for (const [i, exp] of exports.entries()) {
    const { bucket, key } = parseS3Url(String(exp.manifest_url));
    const manifest = JSON.parse((await getObject(store, bucket, key)).toString("utf8")) as Manifest;
    say();
    say(`4. ${FORMATS[i]} manifest ${exp.manifest_url}`);
    say(JSON.stringify(manifest, null, 2).replace(/^/gm, "   "));
    const base = key.slice(0, key.length - "manifest.json".length);
    for (const f of manifest.files) {
      const bytes = await getObject(store, bucket, objectKey(base, f));
      const ok = sha256Hex(bytes) === f.sha256 && bytes.length === f.size_bytes;
      say(`   ${ok ? "ok  " : "BAD "} ${f.path ?? f.url}: ${bytes.length} bytes, sha256 ${ok ? "matches" : "DIFFERS from"} the manifest`);
      if (!ok) throw new DemoError(`${f.path ?? f.url} in the bucket does not match its manifest entry`);
    }
    manifests.push(manifest);
  }

  // 5. how to load them
  say();
  say("5. load them in Python (pip install webdataset datasets s3fs pillow; the aws CLI for the pipe: URL):");
  say();
  say(pythonSnippet(store, exports, manifests).replace(/^/gm, "   "));
  say();
  say(`Done: session ${session.id}, exports ${exports.map((e, i) => `${e.id} (${FORMATS[i]})`).join(", ")}.`);
}

/** Keeps the session clock: frames and events carry milliseconds since the recording started, strictly rising for frames. */
class Recorder {
  private readonly started = Date.now();
  private lastFrameT = -1;
  frames = 0;
  events: Event[] = [];

  constructor(
    private readonly nusomi: Nusomi,
    private readonly session: Session,
    private readonly app: AppInfo | null,
  ) {}

  now(): number {
    return Date.now() - this.started;
  }

  /** Uploads one screen capture now; events emitted afterwards anchor to it until the next one. */
  async frame(image: Buffer, extra: { url?: string; title?: string; cursor?: { x: number; y: number } } = {}): Promise<void> {
    const t_ms = Math.max(this.now(), this.lastFrameT + 1);
    this.lastFrameT = t_ms;
    await this.session.uploadFrames([
      {
        t_ms,
        image,
        viewport: { w: WIDTH, h: HEIGHT, scale: 1 },
        dom: extra.url ? { url: extra.url, title: extra.title ?? null } : null,
        cursor: extra.cursor ?? null,
        app: this.app,
      },
    ]);
    this.frames++;
  }

  async emit<T extends EventType>(type: T, payload: EventPayloads[T]): Promise<void> {
    const t_ms = Math.max(this.now(), this.lastFrameT);
    this.events.push(await this.nusomi.events.emit(this.session.id, type, payload, { t_ms }));
    say(`   ${String(t_ms).padStart(6)} ms  ${type.padEnd(16)} ${summary(type, payload)}`);
  }
}

/** The clerk's steps, done by a real browser on the sample app: each action emitted where it happened, a frame after it. */
async function recordInChromium(rec: Recorder, browser: Browser): Promise<void> {
  const app = await startSampleApp();
  try {
    const shot = async () => {
      const page = await browser.evaluate<{ url: string; title: string }>("({url: location.href, title: document.title})");
      await rec.frame(await browser.screenshotWebp(), page);
    };
    const targetOf = (selector: string) =>
      browser.evaluate<Target & { bounds: { x: number; y: number; w: number; h: number } }>(`(() => {
        const el = document.querySelector(${JSON.stringify(selector)});
        const r = el.getBoundingClientRect();
        const role = el.tagName === "A" ? "link" : el.tagName === "BUTTON" ? "button" : el.tagName === "INPUT" ? "textbox" : el.tagName.toLowerCase();
        const name = el.getAttribute("aria-label") || el.textContent.trim();
        return {role, name, selector: ${JSON.stringify(selector)}, bounds: {x: Math.round(r.x), y: Math.round(r.y), w: Math.round(r.width), h: Math.round(r.height)}};
      })()`);
    const click = async (selector: string) => {
      const target = await targetOf(selector);
      const x = target.bounds.x + Math.round(target.bounds.w / 2);
      const y = target.bounds.y + Math.round(target.bounds.h / 2);
      await rec.emit("click", { x, y, target, modifiers: [] });
      await browser.click(x, y);
      return target;
    };

    const list = `${app.url}/`;
    await browser.navigate(list);
    await shot();
    await rec.emit("navigate", { from_url: "about:blank", to_url: list, source: "typed" });

    const opened = browser.next("Page.loadEventFired");
    await click("#open-inv-1042");
    await opened;
    await shot();
    await rec.emit("navigate", { from_url: list, to_url: `${app.url}/invoices/INV-1042`, source: "link" });

    await click("#approve"); // the amount is still empty: the form says so
    await shot();
    const message = await browser.evaluate<string>(`document.getElementById("amount-error").textContent`);
    await rec.emit("validation_error", { field: "amount", message });

    const amount = await click("#amount");
    await browser.type("1250.00");
    await shot();
    await rec.emit("input_text", { field: "amount", value: "1250.00", target: amount });

    await click("#approve");
    await shot();
    const approved = await browser.evaluate<string>(`document.getElementById("result").textContent`);
    if (!approved.includes("approved")) throw new DemoError(`the sample app did not approve the invoice: "${approved}"`);
    await rec.emit("submit", { form: "approve_invoice", payload: { invoice: "INV-1042", amount: "1250.00" } });
    await rec.emit("success", { marker: "invoice_approved" });
  } finally {
    await app.close();
  }
}

/** The same steps without a browser: the events a recorder would emit, and one generated frame per screen. */
async function recordScripted(rec: Recorder): Promise<void> {
  const list = "http://127.0.0.1/";
  const detail = "http://127.0.0.1/invoices/INV-1042";
  const button = (name: string, x: number, y: number): Target => ({ role: "button", name, bounds: { x: x - 50, y: y - 20, w: 100, h: 40 } } as Target);
  await rec.frame(solidWebp(WIDTH, HEIGHT, 0xf4f6fa), { url: list, title: "Invoices" });
  await rec.emit("navigate", { from_url: "about:blank", to_url: list, source: "typed" });
  await rec.emit("click", { x: 80, y: 210, target: { role: "link", name: "INV-1042" }, modifiers: [] });
  await rec.frame(solidWebp(WIDTH, HEIGHT, 0xe8edf6), { url: detail, title: "INV-1042" });
  await rec.emit("navigate", { from_url: list, to_url: detail, source: "link" });
  await rec.emit("click", { x: 90, y: 330, target: button("Approve", 90, 330), modifiers: [] });
  await rec.frame(solidWebp(WIDTH, HEIGHT, 0xfff3f3), { url: detail, title: "INV-1042" });
  await rec.emit("validation_error", { field: "amount", message: "Amount is required" });
  await rec.emit("click", { x: 150, y: 250, target: { role: "textbox", name: "Amount" }, modifiers: [] });
  await rec.frame(solidWebp(WIDTH, HEIGHT, 0xffffff), { url: detail, title: "INV-1042" });
  await rec.emit("input_text", { field: "amount", value: "1250.00", target: { role: "textbox", name: "Amount" } });
  await rec.emit("click", { x: 90, y: 330, target: button("Approve", 90, 330), modifiers: [] });
  await rec.frame(solidWebp(WIDTH, HEIGHT, 0xe6f4ea), { url: detail, title: "INV-1042" });
  await rec.emit("submit", { form: "approve_invoice", payload: { invoice: "INV-1042", amount: "1250.00" } });
  await rec.emit("success", { marker: "invoice_approved" });
}

function summary(type: EventType, payload: unknown): string {
  const p = payload as Record<string, any>;
  switch (type) {
    case "click":
      return `(${p.x}, ${p.y}) ${p.target?.role ?? ""} "${p.target?.name ?? ""}"`;
    case "navigate":
      return `${p.from_url} -> ${p.to_url}`;
    case "input_text":
      return `${p.field} = "${p.value}"`;
    case "validation_error":
      return `${p.field}: ${p.message}`;
    case "success":
      return String(p.marker);
    default:
      return JSON.stringify(payload);
  }
}

/** One bar per export: shards done of shards, redrawn in place on a terminal, a line per change otherwise. */
class ProgressBars {
  private drawn = 0;
  private readonly last = new Map<string, string>();
  private readonly tty = Boolean(process.stdout.isTTY);

  constructor(
    private readonly exports: Export[],
    private readonly labels: string[],
  ) {}

  draw(final = false): void {
    const lines = this.exports.map((e, i) => {
      const total = e.shards ?? 0;
      const done = e.status === "completed" ? Math.max(total, e.shards_done ?? 0) : e.shards_done ?? 0;
      const width = 30;
      const filled = total > 0 ? Math.round((done / total) * width) : 0;
      const bar = "#".repeat(filled) + ".".repeat(width - filled);
      return `   ${this.labels[i].padEnd(11)} [${bar}] ${done}/${total || "?"} shards  ${e.status.padEnd(9)} ${e.id}`;
    });
    if (this.tty) {
      if (this.drawn > 0) process.stdout.write(`\x1b[${this.drawn}A`);
      process.stdout.write(lines.map((l) => `\x1b[2K${l}\n`).join(""));
      this.drawn = lines.length;
      return;
    }
    lines.forEach((line, i) => {
      const key = this.exports[i].id;
      if (this.last.get(key) !== line || (final && !this.last.has(key))) {
        this.last.set(key, line);
        say(line);
      }
    });
  }
}

function objectKey(base: string, file: { path?: string; url?: string }): string {
  const name = String(file.path ?? file.url);
  if (name.startsWith("s3://")) return parseS3Url(name).key;
  return name.startsWith(base) ? name : base + name;
}

/** A Python snippet with this run's locations filled in (as seed 000 step 5 loads an export). */
function pythonSnippet(store: ObjectStore, exports: Export[], manifests: Manifest[]): string {
  const files = (format: string) => {
    const i = FORMATS.findIndex((f) => f === format);
    const { bucket, key } = parseS3Url(String(exports[i].manifest_url));
    const base = key.slice(0, key.length - "manifest.json".length);
    return manifests[i].files.map((f) => `s3://${bucket}/${objectKey(base, f)}`);
  };
  const tars = files("webdataset");
  const parquet = files("parquet");
  const py = (v: unknown) => JSON.stringify(v);
  return [
    "import os",
    "import webdataset as wds",
    "from datasets import load_dataset",
    "",
    `# the local object store of this installation (from ${credentialsPath()})`,
    `ENDPOINT = ${py(store.endpoint)}`,
    `os.environ.update(AWS_ACCESS_KEY_ID=${py(store.access_key)}, AWS_SECRET_ACCESS_KEY=${py(store.secret_key)}, AWS_DEFAULT_REGION=${py(store.region ?? "us-east-1")})`,
    "",
    "# WebDataset: frame WebPs and action JSON per row",
    `shards = ${py(tars)}`,
    `dataset = wds.WebDataset([f"pipe:aws s3 cp --endpoint-url {ENDPOINT} {s} -" for s in shards]).decode("pil").to_tuple("frame.webp", "action.json")`,
    "for image, action in dataset:",
    `    print(image.size, action["type"], action.get("target"))`,
    "",
    "# Parquet with HuggingFace datasets",
    "ds = load_dataset(",
    `    "parquet",`,
    `    data_files=${py(parquet)},`,
    `    storage_options={"key": os.environ["AWS_ACCESS_KEY_ID"], "secret": os.environ["AWS_SECRET_ACCESS_KEY"], "client_kwargs": {"endpoint_url": ENDPOINT}},`,
    ")",
    `print(ds["train"][0]["action"])`,
  ].join("\n");
}

main().catch((e: unknown) => {
  const code = e instanceof DemoError ? e.exitCode : 1;
  const text = e instanceof NusomiError ? `${e.code}: ${e.message}${e.requestId ? ` (request ${e.requestId})` : ""}` : e instanceof Error ? e.message : String(e);
  process.stderr.write(`nusomi demo: ${text}\n`);
  process.exit(code);
});
