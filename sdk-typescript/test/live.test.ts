// The seed code blocks (seed 004, seed 000 step 4, seed 001 "Exporting") run as written against a REAL server.
// Runs only when NUSOMI_LIVE_URL and NUSOMI_API_KEY are set (e.g. a `./nusomi up` installation:
//   NUSOMI_LIVE_URL=$(jq -r .gateway_url ../.nusomi/credentials.json) NUSOMI_API_KEY=$(jq -r .admin_key ../.nusomi/credentials.json) \
//   NUSOMI_HOME=../.nusomi npm run test:live
// ). Destinations name the installation's own object store (from $NUSOMI_HOME/credentials.json), or `signed_url`.
import { strict as assert } from "node:assert";
import { before, describe, test } from "node:test";
import { Nusomi, NusomiError, readCredentials, credentialsPath, type Event, type Destination } from "../src/index.js";

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

describe("seed code against a running server", { skip, timeout: 600_000 }, () => {
  let sealedSessionId = "";

  before(async () => {
    // The seeds construct the client without baseUrl; the environment points it at the live server.
    process.env.NUSOMI_BASE_URL = LIVE_URL;
    // A successful, human, > 5 s recording of process_invoice, so the seeds' filters select something.
    const nusomi = new Nusomi({ apiKey: process.env.NUSOMI_API_KEY, baseUrl: LIVE_URL });
    const session = await nusomi.sessions.create({
      workflow: "process_invoice",
      actor: { kind: "human", id: "live-test" },
      metadata: { run: runTag },
    });
    await session.start();
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

  test("every resource the server offers today", async () => {
    const nusomi = new Nusomi({ apiKey: process.env.NUSOMI_API_KEY, baseUrl: LIVE_URL });
    const events = await nusomi.events.query(sealedSessionId, { type: "click" });
    assert.deepEqual(events.map((e) => e.type), ["click"]);
    assert.match(String(events[0].frame_id), /^frm_/);
    const frames = await nusomi.frames.list(sealedSessionId);
    assert.equal(frames.length, 2);
    const image = await nusomi.frames.image(frames[0].id);
    assert.deepEqual(Buffer.from(await image.arrayBuffer()), WEBP_1X1);
    assert.ok((await nusomi.workflows.list()).some((w) => w.slug === "process_invoice"));

    const key = await nusomi.keys.create({ name: `sdk-live-${runTag}`, scopes: ["read"] });
    assert.match(String(key.key), /^nsk_/);
    assert.ok((await nusomi.keys.list()).some((k) => k.id === key.id));
    const reader = new Nusomi({ apiKey: key.key, baseUrl: LIVE_URL });
    await reader.sessions.get(sealedSessionId);
    await assert.rejects(reader.sessions.create({ workflow: "process_invoice" }), { code: "insufficient_scope" });
    await nusomi.keys.revoke(key.id);
    await assert.rejects(reader.sessions.get(sealedSessionId), { code: "invalid_api_key" });

    const hook = await nusomi.webhooks.create({ url: "https://example.com/nusomi", events: ["session.sealed"], description: runTag });
    assert.match(String(hook.secret), /^whsec_/);
    assert.ok((await nusomi.webhooks.list()).some((w) => w.id === hook.id));
    await nusomi.webhooks.delete(hook.id);

    await assert.rejects(nusomi.sessions.get("ses_00000000000000000000000000"), { code: "session_not_found", status: 404 });
  });
});
