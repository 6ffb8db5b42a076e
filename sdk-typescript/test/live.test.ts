// The seed code blocks (seed 004, seed 000 step 4, seed 001 "Exporting") run as written against a REAL server.
// Runs only when NUSOMI_LIVE_URL and NUSOMI_API_KEY are set (e.g. a `./nusomi up` installation:
//   NUSOMI_LIVE_URL=$(jq -r .gateway_url ../.nusomi/credentials.json) NUSOMI_API_KEY=$(jq -r .admin_key ../.nusomi/credentials.json) \
//   NUSOMI_HOME=../.nusomi npm run test:live
// ). Destinations name the installation's own object store (from $NUSOMI_HOME/credentials.json), or `signed_url`.
import { strict as assert } from "node:assert";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import {
  Nusomi,
  NusomiError,
  readCredentials,
  credentialsPath,
  verifyWebhookSignature,
  type Event,
  type Destination,
} from "../src/index.js";
import { DroppingProxy } from "./proxy.js";

const LIVE_URL = process.env.NUSOMI_LIVE_URL;
const skip = LIVE_URL && process.env.NUSOMI_API_KEY
  ? false
  : "live tests skipped: set NUSOMI_LIVE_URL (the gateway, e.g. http://127.0.0.1:18080) and NUSOMI_API_KEY to run the seed code against a running server";
if (skip) console.log(skip);

/** The installation's object store as an S3 destination with `prefix`; signed_url when there is no installation file. */
function localDestination(prefix: string): Destination {
  const store = readCredentials(credentialsPath())?.object_store;
  if (store?.bucket && store.endpoint) {
    return { kind: "s3", bucket: store.bucket, prefix, region: store.region ?? "us-east-1", endpoint: store.endpoint };
  }
  return { kind: "signed_url" };
}

const WEBP_1X1 = Buffer.from("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==", "base64");
const sleep = (ms: number | null) => new Promise((r) => setTimeout(r, ms ?? 1000));
const runTag = `live-${Date.now()}`;

/** Resolves once `condition()` holds, polling every 100 ms; rejects with `what` after `timeoutMs`. */
async function until(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** A webhook endpoint on this machine (the local run allows loopback targets): keeps each raw body and its headers. */
interface Delivery {
  signature: string;
  deliveryId: string;
  raw: Buffer;
}
async function startReceiver(): Promise<{ server: Server; url: string; received: Delivery[] }> {
  const received: Delivery[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({
        signature: String(req.headers["nusomi-signature"] ?? ""),
        deliveryId: String(req.headers["nusomi-delivery-id"] ?? ""),
        raw: Buffer.concat(chunks),
      });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received };
}

describe("seed code against a running server", { skip, timeout: 600_000 }, () => {
  let sealedSessionId = "";
  let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;
  let hook: { id: string; secret?: string } | undefined;

  before(async () => {
    // The seeds construct the client without baseUrl; the environment points it at the live server.
    process.env.NUSOMI_BASE_URL = LIVE_URL;
    const nusomi = new Nusomi({ apiKey: process.env.NUSOMI_API_KEY, baseUrl: LIVE_URL });
    // A subscriber to this run's seal, so the signature verifier is checked on a delivery the server really sent.
    receiver = await startReceiver();
    hook = await nusomi.webhooks.create({ url: receiver.url, events: ["session.sealed"], description: runTag });
    // A successful, human, > 5 s recording of process_invoice, so the seeds' filters select something.
    const session = await nusomi.sessions.create({
      workflow: "process_invoice",
      actor: { kind: "human", id: "live-test" },
      metadata: { run: runTag },
    });
    await session.start();
    await nusomi.sessions.tag(session.id, "reviewed", { by: "live-test" }); // tags are taken while recording
    const frames = await session.uploadFrames([
      { t_ms: 0, image: WEBP_1X1, viewport: { w: 1, h: 1, scale: 1 } },
      { t_ms: 6_000, image: WEBP_1X1, viewport: { w: 1, h: 1, scale: 1 } },
    ]);
    assert.equal(frames.length, 2);
    assert.match(frames[0].id, /^frm_/);
    await nusomi.events.emitMany(session.id, [
      { type: "click", t_ms: 120, payload: { x: 612, y: 388, target: { role: "button", name: "Approve" } } },
      { type: "validation_error", t_ms: 3_000, payload: { field: "amount", message: "required" } },
      { type: "success", t_ms: 6_000, payload: { marker: "invoice_approved" } },
    ]);
    await session.stop();
    await session.waitUntilSealed({ timeoutMs: 120_000 });
    assert.equal(session.status, "sealed");
    assert.equal(session.outcome, "success");
    sealedSessionId = session.id;
  });

  after(async () => {
    const nusomi = new Nusomi({ apiKey: process.env.NUSOMI_API_KEY, baseUrl: LIVE_URL });
    if (hook) await nusomi.webhooks.delete(hook.id).catch(() => undefined);
    receiver?.server.close();
  });

  test("seed 004: client, pagination, errors, streaming, types, logging", async () => {
    const customFetch: typeof fetch = (input, init) => fetch(input, init);
    const lines: string[] = [];
    const myLogger = {
      debug: (...a: unknown[]) => void lines.push(a.join(" ")),
      info: (..._a: unknown[]) => undefined,
      warn: (..._a: unknown[]) => undefined,
      error: (..._a: unknown[]) => undefined,
    };

    // --- seed 004 "Client" (baseUrl overridden for self-hosted, as its comment says) ---
    const nusomi = new Nusomi({
      apiKey: process.env.NUSOMI_API_KEY,
      baseUrl: LIVE_URL ?? "https://api.nusomi.com", // override for self-hosted
      timeout: 30_000,
      fetch: customFetch, // optional; defaults to global fetch
    });

    // --- seed 004 "Pagination" ---
    const seen: string[] = [];
    for await (const s of nusomi.sessions.list({ workflow: "process_invoice" })) {
      console.log(s.id, s.duration_ms);
      seen.push(s.id);
    }
    assert.ok(seen.includes(sealedSessionId), "the recorded session is listed");

    // --- seed 004 "Errors" ---
    let caught: unknown;
    try {
      await nusomi.sessions.create({ workflow: "..." });
    } catch (e) {
      caught = e;
      if (e instanceof NusomiError) {
        console.error(e.code, e.message, e.requestId);
        if (e.code === "rate_limited") await sleep(e.retryAfterMs);
      }
    }
    assert.ok(caught instanceof NusomiError);
    assert.equal(caught.code, "invalid_workflow_slug");
    assert.match(String(caught.requestId), /^req_/);

    // --- seed 004 "Streaming" (the session is sealed: history, then `event: end`) ---
    const sessionId = sealedSessionId;
    const stream = nusomi.events.stream(sessionId, {
      types: ["click", "validation_error"],
    });
    const streamed: Event[] = [];
    for await (const ev of stream) {
      console.log(ev.t_ms, ev.type, ev.payload);
      streamed.push(ev);
    }
    stream.close();
    assert.deepEqual(streamed.map((e) => e.type), ["click", "validation_error"]);

    // --- seed 004 "TypeScript types" ---
    function handle(ev: Event) {
      switch (ev.type) {
        case "click":
          console.log(ev.payload.x, ev.payload.y); // typed
          break;
        case "validation_error":
          console.log(ev.payload.field, ev.payload.message);
          break;
      }
    }
    streamed.forEach(handle);

    // --- seed 004 "Logging" ---
    const logged = new Nusomi({
      apiKey: process.env.NUSOMI_API_KEY,
      logger: {
        debug: (...a) => myLogger.debug(...a),
        info: (...a) => myLogger.info(...a),
        warn: (...a) => myLogger.warn(...a),
        error: (...a) => myLogger.error(...a),
      },
    });
    await logged.sessions.get(sessionId);
    assert.ok(lines.some((l) => l.includes(`/v1/sessions/${sessionId}`)));
  });

  test("seed 000 step 4: trigger the export, wait, manifest_url", async () => {
    const filter = {
      outcome: "success" as const,
      since: "2026-01-01",
      actor: { kind: "human" as const }, // exclude scripted runs from the imitation set
      min_duration_ms: 5_000, // drop trivially short runs
    };
    const frame_sampling = { mode: "event_only" as const, keep_action_frames: true };
    const destination = localDestination(`nusomi/process_invoice/${runTag}/seed000/`);

    // --- seed 000 step 4, as written ---
    const nusomi = new Nusomi({ apiKey: process.env.NUSOMI_API_KEY });
    const exp = await nusomi.exports.create({
      workflow: "process_invoice",
      filter,
      format: "webdataset",
      frame_sampling,
      destination,
      tag: `process_invoice@${new Date().toISOString().slice(0, 10)}`,
    });
    await exp.wait();
    console.log(exp.manifest_url);

    assert.equal(exp.status, "completed");
    assert.ok(exp.manifest_url, "manifest_url is set after wait()");

    // --- seed 000 step 6: the tagged version is listed with its manifest ---
    const replay = await nusomi.exports.list({ tag: `process_invoice@${new Date().toISOString().slice(0, 10)}` });
    console.log(replay[0].manifest_url);
    assert.ok(replay.some((e) => e.id === exp.id));
  });

  test("seed 001 \"Exporting\"", async () => {
    const nusomi = new Nusomi({ apiKey: process.env.NUSOMI_API_KEY });
    const exp = await nusomi.exports.create({
      workflow: "process_invoice",
      filter: {
        outcome: "success",
        since: "2026-01-01",
      },
      format: "webdataset",
      destination: localDestination(`nusomi/process_invoice/${runTag}/seed001/`),
    });

    await exp.wait(); // resolves when shards are uploaded
    console.log(exp.manifest_url);
    assert.equal(exp.status, "completed");
    assert.ok(exp.manifest_url);
    assert.ok((exp.rows ?? 0) > 0, "the recorded session is in the dataset");
  });

  test("events.stream: a dropped connection resumes with Last-Event-ID, nothing missed or repeated", async () => {
    const nusomi = new Nusomi({ apiKey: process.env.NUSOMI_API_KEY, baseUrl: LIVE_URL });
    const proxy = await DroppingProxy.start(String(LIVE_URL));
    let stream: ReturnType<typeof nusomi.events.stream> | undefined;
    try {
      const session = await nusomi.sessions.create({ workflow: "sdk_live_stream", metadata: { run: runTag } });
      await session.start();
      await session.uploadFrames([{ t_ms: 0, image: WEBP_1X1, viewport: { w: 1, h: 1, scale: 1 } }]);
      // the stream goes through the proxy; emitting goes straight to the server
      const watcher = new Nusomi({ apiKey: process.env.NUSOMI_API_KEY, baseUrl: proxy.url, retryBaseMs: 100 });
      stream = watcher.events.stream(session.id);
      const got: Event[] = [];
      const reading = (async () => {
        for await (const ev of stream!) got.push(ev);
      })();
      reading.catch(() => undefined); // awaited below; a failure before that must not go unhandled

      const a = await session.emit("click", { x: 10, y: 20, target: { role: "button", name: "Open" } }, { t_ms: 100 });
      await until(() => got.length === 1, "the first event, live");
      proxy.drop({ hold: true }); // the connection dies; the reconnect waits until the next two events are stored
      const b = await session.emit("input_text", { field: "amount", value: "[masked]" }, { t_ms: 200 });
      const c = await session.emit("keypress", { key: "Enter", modifiers: [] }, { t_ms: 300 });
      await until(() => proxy.requests.length === 2, "the reconnect");
      proxy.release();
      await until(() => got.length === 3, "the events emitted while disconnected");
      await session.stop();
      await reading; // `event: end` once the session is sealed ends the loop

      assert.deepEqual(got.map((e) => e.id), [a.id, b.id, c.id]);
      assert.deepEqual(got.map((e) => e.type), ["click", "input_text", "keypress"]);
      assert.ok(stream.reconnects >= 1, "the stream reconnected");
      assert.match(proxy.requests[1], new RegExp(`^last-event-id: ${a.id}\\r$`, "im"), proxy.requests[1]);
      assert.equal((await nusomi.sessions.get(session.id)).status, "sealed");
      await nusomi.sessions.delete(session.id);
    } finally {
      stream?.close();
      await proxy.close();
    }
  });

  test("every resource the server offers today", async () => {
    const nusomi = new Nusomi({ apiKey: process.env.NUSOMI_API_KEY, baseUrl: LIVE_URL });
    // sessions
    const tagged = await nusomi.sessions.get(sealedSessionId);
    assert.ok(tagged.tags?.some((t) => t.name === "reviewed"), JSON.stringify(tagged.tags));
    // events
    const events = await nusomi.events.query(sealedSessionId, { type: "click" });
    assert.deepEqual(events.map((e) => e.type), ["click"]);
    assert.match(String(events[0].frame_id), /^frm_/);
    // frames
    const frames = await nusomi.frames.list(sealedSessionId);
    assert.equal(frames.length, 2);
    const frame = await nusomi.frames.get(frames[1].id);
    assert.equal(frame.t_ms, 6_000);
    const image = await nusomi.frames.image(frames[0].id);
    assert.deepEqual(Buffer.from(await image.arrayBuffer()), WEBP_1X1);
    // workflows
    assert.ok((await nusomi.workflows.list()).some((w) => w.slug === "process_invoice"));

    // keys
    const key = await nusomi.keys.create({ name: `sdk-live-${runTag}`, scopes: ["read"] });
    assert.match(String(key.key), /^nsk_/);
    assert.ok((await nusomi.keys.list()).some((k) => k.id === key.id));
    const reader = new Nusomi({ apiKey: key.key, baseUrl: LIVE_URL });
    await reader.sessions.get(sealedSessionId);
    await assert.rejects(reader.sessions.create({ workflow: "process_invoice" }), { code: "insufficient_scope" });
    await nusomi.keys.revoke(key.id);
    await assert.rejects(reader.sessions.get(sealedSessionId), { code: "invalid_api_key" });

    // webhooks: the seal of the recording was delivered, signed so that the SDK's verifier accepts it
    assert.ok(hook && receiver);
    assert.match(String(hook.secret), /^whsec_/);
    assert.ok((await nusomi.webhooks.list()).some((w) => w.id === hook!.id));
    await until(() => receiver!.received.some((d) => JSON.parse(d.raw.toString("utf8")).data?.id === sealedSessionId),
      "the session.sealed delivery");
    const delivery = receiver.received.find((d) => JSON.parse(d.raw.toString("utf8")).data?.id === sealedSessionId)!;
    assert.equal(JSON.parse(delivery.raw.toString("utf8")).type, "session.sealed");
    assert.ok(verifyWebhookSignature(delivery.raw, delivery.signature, String(hook.secret)), delivery.signature);
    assert.ok(!verifyWebhookSignature(delivery.raw, delivery.signature, "whsec_not_the_secret"));
    const deliveries = await nusomi.webhooks.deliveries(hook.id);
    assert.ok(deliveries.some((d) => d.id === delivery.deliveryId), JSON.stringify(deliveries));
    const extra = await nusomi.webhooks.create({ url: "https://example.com/nusomi", events: ["export.completed"] });
    await nusomi.webhooks.delete(extra.id);
    assert.ok(!(await nusomi.webhooks.list()).some((w) => w.id === extra.id));

    // exports: get and list answer the same export
    const listed = await nusomi.exports.list({ workflow: "process_invoice" });
    assert.ok(listed.length > 0);
    const again = await nusomi.exports.get(listed[0].id);
    assert.equal(again.manifest_url, listed[0].manifest_url);

    // capabilities this server does not have yet answer a clear error, not a 404
    await assert.rejects(nusomi.memory.paths({ workflow: "process_invoice" }), { code: "not_available" });
    await assert.rejects(nusomi.replay.exact(sealedSessionId), { code: "not_available" });
    await assert.rejects(nusomi.recovery.from(sealedSessionId), { code: "not_available" });

    await assert.rejects(nusomi.sessions.get("ses_00000000000000000000000000"), { code: "session_not_found", status: 404 });
  });
});
