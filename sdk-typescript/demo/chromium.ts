// Headless Chromium driven over the DevTools protocol on a pipe (--remote-debugging-pipe: JSON messages ended by
// NUL on file descriptors 3 and 4), so no WebSocket client is needed on Node 18/20.
import { spawn, type ChildProcess } from "node:child_process";
import { accessSync, constants, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import type { Readable, Writable } from "node:stream";

const CANDIDATES = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"];
const MAC_APPS = [
  "/Applications/Chromium.app/Contents/MacOS/Chromium",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
];

/** The Chromium (or Chrome) to use: $NUSOMI_CHROMIUM, else the first of the usual names on PATH; undefined if none. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.NUSOMI_CHROMIUM) return env.NUSOMI_CHROMIUM;
  const dirs = (env.PATH ?? "").split(delimiter).filter((d) => d !== "");
  for (const name of CANDIDATES) {
    for (const dir of dirs) {
      if (executable(join(dir, name))) return join(dir, name);
    }
  }
  return MAC_APPS.find(executable);
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

interface Pending {
  resolve: (result: any) => void;
  reject: (error: Error) => void;
  method: string;
}

/** One page of a headless Chromium: navigate, evaluate, click, type, screenshot. */
export class Browser {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly waiters: Array<{ method: string; resolve: (params: any) => void }> = [];
  private buffer = "";
  private sessionId = "";
  private exited: Error | undefined;

  private constructor(
    private readonly child: ChildProcess,
    private readonly profile: string,
  ) {
    const toBrowser = child.stdio[3] as Writable;
    const fromBrowser = child.stdio[4] as Readable;
    toBrowser.on("error", () => undefined);
    fromBrowser.setEncoding("utf8");
    fromBrowser.on("data", (chunk: string) => this.receive(chunk));
    child.on("exit", (code, signal) => {
      this.exited = new Error(`chromium exited (${signal ?? code})`);
      for (const p of this.pending.values()) p.reject(this.exited);
      this.pending.clear();
    });
  }

  /** Starts `executable` headless with a throw-away profile and opens one page of `width` x `height`. */
  static async launch(executable: string, width: number, height: number): Promise<Browser> {
    const profile = mkdtempSync(join(tmpdir(), "nusomi-demo-chromium-"));
    const args = [
      "--headless=new",
      "--remote-debugging-pipe",
      `--user-data-dir=${profile}`,
      "--no-first-run",
      "--no-default-browser-check",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--hide-scrollbars",
      "--mute-audio",
      `--window-size=${width},${height}`,
    ];
    // Chromium refuses to run as root with its sandbox (containers, CI); only then is it switched off
    if (process.getuid?.() === 0) args.push("--no-sandbox");
    const child = spawn(executable, [...args, "about:blank"], { stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"] });
    let stderr = "";
    child.stderr?.on("data", (c: Buffer) => void (stderr = (stderr + c.toString("utf8")).slice(-4000)));
    try {
      await new Promise<void>((resolve, reject) => {
        child.once("spawn", resolve);
        child.once("error", reject);
      });
    } catch (e) {
      rmSync(profile, { recursive: true, force: true });
      throw e;
    }
    const browser = new Browser(child, profile);
    try {
      const { targetId } = await browser.call("Target.createTarget", { url: "about:blank" }, false);
      const { sessionId } = await browser.call("Target.attachToTarget", { targetId, flatten: true }, false);
      browser.sessionId = sessionId;
      await browser.call("Page.enable");
      await browser.call("Emulation.setDeviceMetricsOverride", { width, height, deviceScaleFactor: 1, mobile: false });
    } catch (e) {
      await browser.close();
      throw new Error(`${(e as Error).message}${stderr ? `\n${stderr.trim()}` : ""}`);
    }
    return browser;
  }

  /** Sends one protocol command (to the page unless `toPage` is false) and answers its result. */
  call(method: string, params: Record<string, unknown> = {}, toPage = true): Promise<any> {
    if (this.exited) return Promise.reject(this.exited);
    const id = this.nextId++;
    const message = { id, method, params, ...(toPage ? { sessionId: this.sessionId } : {}) };
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`chromium did not answer ${method} in 30 s`));
      }, 30_000);
      this.pending.set(id, {
        resolve: (r) => (clearTimeout(timer), resolve(r)),
        reject: (e) => (clearTimeout(timer), reject(e)),
        method,
      });
      (this.child.stdio[3] as Writable).write(JSON.stringify(message) + "\0");
    });
  }

  /** Loads `url` and resolves once its load event fired. */
  async navigate(url: string): Promise<void> {
    const loaded = this.next("Page.loadEventFired");
    await this.call("Page.navigate", { url });
    await loaded;
  }

  /** Runs `expression` in the page and answers its (JSON) value; promises are awaited. */
  async evaluate<T>(expression: string): Promise<T> {
    const answer = await this.call("Runtime.evaluate", { expression, returnByValue: true, awaitPromise: true });
    if (answer.exceptionDetails) throw new Error(`in the page: ${answer.exceptionDetails.exception?.description ?? answer.exceptionDetails.text}`);
    return answer.result.value as T;
  }

  /** A left click at (x, y), as a person's mouse does it: press, release. */
  async click(x: number, y: number): Promise<void> {
    await this.call("Input.dispatchMouseEvent", { type: "mouseMoved", x, y });
    await this.call("Input.dispatchMouseEvent", { type: "mousePressed", x, y, button: "left", clickCount: 1 });
    await this.call("Input.dispatchMouseEvent", { type: "mouseReleased", x, y, button: "left", clickCount: 1 });
  }

  /** Types `text` into the focused element. */
  async type(text: string): Promise<void> {
    await this.call("Input.insertText", { text });
  }

  /** Resolves with the params of the next page event named `method`. */
  next(method: string): Promise<any> {
    return new Promise((resolve) => this.waiters.push({ method, resolve }));
  }

  /** The page as WebP bytes, after the next two animation frames (so the last input is painted). */
  async screenshotWebp(quality = 80): Promise<Buffer> {
    await this.evaluate("new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))");
    const { data } = await this.call("Page.captureScreenshot", { format: "webp", quality });
    return Buffer.from(data as string, "base64");
  }

  async close(): Promise<void> {
    if (!this.exited) {
      await this.call("Browser.close", {}, false).catch(() => undefined);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => (this.child.kill("SIGKILL"), resolve()), 5_000);
        this.child.once("exit", () => (clearTimeout(timer), resolve()));
        if (this.exited) (clearTimeout(timer), resolve());
      });
    }
    rmSync(this.profile, { recursive: true, force: true });
  }

  private receive(chunk: string): void {
    this.buffer += chunk;
    for (let end = this.buffer.indexOf("\0"); end !== -1; end = this.buffer.indexOf("\0")) {
      const message = JSON.parse(this.buffer.slice(0, end));
      this.buffer = this.buffer.slice(end + 1);
      if (typeof message.id === "number") {
        const p = this.pending.get(message.id);
        if (!p) continue;
        this.pending.delete(message.id);
        if (message.error) p.reject(new Error(`${p.method}: ${message.error.message}`));
        else p.resolve(message.result);
      } else if (message.method) {
        const i = this.waiters.findIndex((w) => w.method === message.method);
        if (i !== -1) this.waiters.splice(i, 1)[0].resolve(message.params);
      }
    }
  }
}
