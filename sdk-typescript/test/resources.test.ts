// Every resource against a local stub: the request the SDK sends (method, path, query, headers, body) and how it
// reads the answer.
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { after, before, beforeEach, describe, test } from "node:test";
import { Nusomi, NusomiError, Session, VERSION, type ClickEvent, type Event, type EventInput } from "../src/index.js";
import { Stub, errorBody, reply } from "./stub.js";

const KEY = "nsk_test_0123456789abcdef";
const SESSION = {
  id: "ses_01HXY0000000000000000000AA",
  workflow: "process_invoice",
  status: "created",
  actor: { kind: "human", id: "alice" },
  surface: "web",
  metadata: {},
  tags: [],
  outcome: null,
  created_at: "2026-12-05T10:00:00Z",
  started_at: null,
  stopped_at: null,
  sealed_at: null,
  duration_ms: null,
  frame_count: 0,
  event_count: 0,
};

let stub: Stub;
let nusomi: Nusomi;
before(async () => {
  stub = await Stub.start();
});
after(() => stub.close());
beforeEach(() => {
  nusomi = new Nusomi({ apiKey: KEY, baseUrl: stub.url, retryBaseMs: 1, env: {} });
});

describe("client", () => {
  test("sends Authorization, the nusomi-ts User-Agent and JSON; VERSION matches package.json", async () => {
    stub.on((_req, res) => reply(res, 200, SESSION));
    await nusomi.sessions.get(SESSION.id);
    const req = stub.requests[0];
    assert.equal(req.headers.authorization, `Bearer ${KEY}`);
    assert.equal(req.headers["user-agent"], `nusomi-ts/${VERSION}`);
    assert.equal(req.headers.accept, "application/json");
    assert.equal(req.headers["idempotency-key"], undefined, "a GET carries no Idempotency-Key");
    const pkg = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8"));
    assert.equal(VERSION, pkg.version);
  });

  test("a custom userAgent and a custom fetch are used", async () => {
    const seen: string[] = [];
    const client = new Nusomi({
      apiKey: KEY,
      baseUrl: stub.url,
      userAgent: "acme-trainer/2",
      fetch: (url, init) => {
        seen.push(url);
        return fetch(url, init);
      },
      env: {},
    });
    stub.on((_req, res) => reply(res, 200, SESSION));
    await client.sessions.get(SESSION.id);
    assert.deepEqual(seen, [`${stub.url}/v1/sessions/${SESSION.id}`]);
    assert.equal(stub.requests[0].headers["user-agent"], "acme-trainer/2");
  });

  test("apiKey comes from NUSOMI_API_KEY; without any key the constructor throws missing_api_key", async () => {
    const client = new Nusomi({ baseUrl: stub.url, env: { NUSOMI_API_KEY: "nsk_test_fromenv", NUSOMI_HOME: "/nonexistent" } });
    stub.on((_req, res) => reply(res, 200, SESSION));
    await client.sessions.get(SESSION.id);
    assert.equal(stub.requests[0].headers.authorization, "Bearer nsk_test_fromenv");
    assert.throws(() => new Nusomi({ env: { NUSOMI_HOME: "/nonexistent" } }), (e: unknown) => {
      assert.ok(e instanceof NusomiError);
      assert.equal(e.code, "missing_api_key");
      return true;
    });
  });
});

describe("sessions", () => {
  test("create → POST /v1/sessions with the input and an Idempotency-Key; fluent start/stop update the object", async () => {
    stub.on((req, res) => {
      if (req.path === "/v1/sessions") return reply(res, 201, SESSION);
      if (req.path.endsWith("/start")) return reply(res, 200, { ...SESSION, status: "recording", started_at: "2026-12-05T10:00:01Z" });
      if (req.path.endsWith("/stop")) return reply(res, 200, { ...SESSION, status: "stopped", stopped_at: "2026-12-05T10:00:09Z" });
      reply(res, 404, errorBody("invalid_request", "no such endpoint"));
    });
    const session = await nusomi.sessions.create({ workflow: "process_invoice", actor: { kind: "human", id: "alice" } });
    assert.ok(session instanceof Session);
    assert.equal(session.id, SESSION.id);
    assert.equal(session.status, "created");
    const create = stub.requests[0];
    assert.equal(create.method, "POST");
    assert.equal(create.path, "/v1/sessions");
    assert.equal(create.headers["content-type"], "application/json");
    assert.match(String(create.headers["idempotency-key"]), /^[0-9a-f-]{36}$/);
    assert.deepEqual(create.json(), { workflow: "process_invoice", actor: { kind: "human", id: "alice" } });

    assert.equal(await session.start(), session);
    assert.equal(session.status, "recording");
    assert.equal(session.started_at, "2026-12-05T10:00:01Z");
    await session.stop();
    assert.equal(session.status, "stopped");
    assert.deepEqual(
      stub.requests.map((r) => `${r.method} ${r.path}`),
      ["POST /v1/sessions", `POST /v1/sessions/${SESSION.id}/start`, `POST /v1/sessions/${SESSION.id}/stop`],
    );
    assert.notEqual(stub.requests[1].headers["idempotency-key"], stub.requests[2].headers["idempotency-key"]);
    assert.equal(JSON.parse(JSON.stringify(session)).resource, undefined, "JSON shows only wire fields");
  });

  test("get, tag, delete, start/stop by id", async () => {
    stub.on((req, res) => (req.method === "DELETE" || req.path.endsWith("/tags") ? reply(res, 200, {}) : reply(res, 200, SESSION)));
    await nusomi.sessions.get(SESSION.id);
    await nusomi.sessions.tag(SESSION.id, "reviewed", { by: "bob" });
    await nusomi.sessions.delete(SESSION.id);
    await nusomi.sessions.start(SESSION.id);
    await nusomi.sessions.stop(SESSION.id);
    assert.deepEqual(
      stub.requests.map((r) => `${r.method} ${r.path}`),
      [
        `GET /v1/sessions/${SESSION.id}`,
        `POST /v1/sessions/${SESSION.id}/tags`,
        `DELETE /v1/sessions/${SESSION.id}`,
        `POST /v1/sessions/${SESSION.id}/start`,
        `POST /v1/sessions/${SESSION.id}/stop`,
      ],
    );
    assert.deepEqual(stub.requests[1].json(), { name: "reviewed", data: { by: "bob" } });
  });

  test("list pages over next_cursor with limit=100 by default, filters in the query", async () => {
    const ids = Array.from({ length: 5 }, (_, i) => `ses_${String(i).padStart(26, "0")}`);
    stub.on((req, res) => {
      const cursor = req.query.get("cursor");
      const start = cursor ? Number(cursor) : 0;
      const size = Number(req.query.get("limit"));
      const data = ids.slice(start, start + 2).map((id) => ({ ...SESSION, id }));
      const more = start + 2 < ids.length;
      reply(res, 200, { data, next_cursor: more ? String(start + 2) : null, has_more: more });
      void size;
    });
    const seen: string[] = [];
    for await (const s of nusomi.sessions.list({ workflow: "process_invoice", "actor.kind": "human" })) {
      assert.ok(s instanceof Session);
      seen.push(s.id);
    }
    assert.deepEqual(seen, ids);
    assert.equal(stub.requests.length, 3);
    assert.equal(stub.requests[0].query.get("limit"), "100");
    assert.equal(stub.requests[0].query.get("workflow"), "process_invoice");
    assert.equal(stub.requests[0].query.get("actor.kind"), "human");
    assert.equal(stub.requests[0].query.get("cursor"), null);
    assert.deepEqual(stub.requests.slice(1).map((r) => r.query.get("cursor")), ["2", "4"]);

    const all = await nusomi.sessions.list({ pageSize: 7 });
    assert.equal(all.length, 5, "awaiting a list collects every page");
    assert.equal(stub.requests[3].query.get("limit"), "7");
  });

  test("breaking out of a for-await stops paging", async () => {
    stub.on((_req, res) => reply(res, 200, { data: [SESSION, SESSION], next_cursor: "c", has_more: true }));
    for await (const _s of nusomi.sessions.list()) break;
    assert.equal(stub.requests.length, 1);
  });
});

describe("events", () => {
  const CLICK = {
    id: "evt_01J00000000000000000000001",
    session_id: SESSION.id,
    frame_id: "frm_01J00000000000000000000001",
    t_ms: 120,
    type: "click",
    payload: { x: 612, y: 388, target: { role: "button", name: "Approve" }, modifiers: [] },
    confidence: 1,
    source: "sdk",
    created_at: "2026-12-05T10:00:02Z",
  };

  test("query sends the filters, pages, and answers typed events", async () => {
    stub.on((_req, res) => reply(res, 200, { data: [CLICK], next_cursor: null, has_more: false }));
    const events: Event[] = await nusomi.events.query(SESSION.id, {
      type: ["click", "validation_error"],
      "t_ms.gte": 100,
      order: "desc",
      pageSize: 50,
    });
    const req = stub.requests[0];
    assert.equal(req.path, `/v1/sessions/${SESSION.id}/events`);
    assert.equal(req.query.get("type"), "click,validation_error");
    assert.equal(req.query.get("t_ms.gte"), "100");
    assert.equal(req.query.get("order"), "desc");
    assert.equal(req.query.get("limit"), "50");
    const ev = events[0];
    assert.equal(ev.type, "click");
    if (ev.type === "click") assert.equal(ev.payload.x, 612); // narrowed by the discriminant
  });

  test("emit posts {type, t_ms, payload}; emitMany posts {events}", async () => {
    stub.on((req, res) => {
      const body = req.json();
      if (body.events) return reply(res, 201, { data: body.events.map((e: object) => ({ ...CLICK, ...e })) });
      reply(res, 201, { ...CLICK, ...body });
    });
    const ev = await nusomi.events.emit(SESSION.id, "success", { marker: "approved" }, { t_ms: 480 });
    assert.equal(ev.type, "success");
    assert.deepEqual(stub.requests[0].json(), { type: "success", payload: { marker: "approved" }, t_ms: 480 });
    assert.ok(stub.requests[0].headers["idempotency-key"]);
    const many = await nusomi.events.emitMany(SESSION.id, [
      { type: "click", t_ms: 1, payload: { x: 1, y: 2 } },
      { type: "tag", t_ms: 2, payload: { name: "x" } },
    ]);
    assert.equal(many.length, 2);
    assert.deepEqual(stub.requests[1].json().events.map((e: { type: string }) => e.type), ["click", "tag"]);
  });

  test("payloads are typed per event type (compile-time checks)", () => {
    const x = (e: ClickEvent) => e.payload.x;
    // @ts-expect-error a click payload has no `field`
    const bad = (e: ClickEvent) => e.payload.field;
    // @ts-expect-error a validation_error event needs a message
    const input: EventInput = { type: "validation_error", payload: { field: "amount" } };
    const narrow = (e: Event) => (e.type === "navigate" ? e.payload.to_url : e.type === "retry" ? e.payload.of_event_id : "");
    assert.equal(typeof x, "function");
    assert.equal(typeof bad, "function");
    assert.equal(input.type, "validation_error");
    assert.equal(narrow({ type: "navigate", payload: { to_url: "https://x" } } as Event), "https://x");
  });

  test("emit without t_ms uses the time since the session started", async () => {
    const started = new Date(Date.now() - 60_000).toISOString();
    stub.on((req, res) =>
      req.method === "GET" ? reply(res, 200, { ...SESSION, started_at: started }) : reply(res, 201, { ...CLICK, ...req.json() }),
    );
    await nusomi.events.emit(SESSION.id, "click", { x: 1, y: 1 });
    const tMs = stub.requests[1].json().t_ms;
    assert.ok(tMs >= 60_000 && tMs < 24 * 3600_000, `t_ms ${tMs} is the session time`);
  });
});

describe("frames", () => {
  test("upload sends multipart: a metadata JSON part and one image/webp part per frame", async () => {
    stub.on((_req, res) => reply(res, 201, { data: [{ id: "frm_01", t_ms: 0, keyframe: true }, { id: "frm_02", t_ms: 40, keyframe: false }] }));
    const webp = Buffer.from("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==", "base64");
    const answer = await nusomi.frames.upload(SESSION.id, [
      { t_ms: 0, image: new Uint8Array(webp), viewport: { w: 1, h: 1, scale: 1 }, cursor: { x: 0, y: 0 } },
      { t_ms: 40, image: new Blob([webp]), viewport: { w: 1, h: 1, scale: 1 }, dom: { tag: "body" } },
    ]);
    assert.deepEqual(answer.map((f) => f.id), ["frm_01", "frm_02"]);
    const req = stub.requests[0];
    assert.equal(req.method, "POST");
    assert.equal(req.path, `/v1/sessions/${SESSION.id}/frames`);
    assert.ok(req.headers["idempotency-key"]);
    // parse the multipart body the SDK sent with the platform's own parser
    const form = await new Response(req.body, { headers: { "content-type": String(req.headers["content-type"]) } }).formData();
    const metadataPart = form.get("metadata") as Blob;
    assert.equal(metadataPart.type, "application/json");
    const metadata = JSON.parse(await metadataPart.text());
    assert.deepEqual(metadata.frames.map((f: { t_ms: number; image: string }) => [f.t_ms, f.image]), [[0, "f0"], [40, "f1"]]);
    assert.deepEqual(metadata.frames[0].cursor, { x: 0, y: 0 });
    assert.deepEqual(metadata.frames[1].dom, { tag: "body" });
    for (const name of ["f0", "f1"]) {
      const part = form.get(name) as Blob;
      assert.equal(part.type, "image/webp");
      assert.deepEqual(Buffer.from(await part.arrayBuffer()), webp);
    }
  });

  test("a retried upload (503 then 201) re-sends the same parts with the same Idempotency-Key", async () => {
    stub.sequence(
      (_req, res) => reply(res, 503, errorBody("internal_error", "ingest restarting")),
      (_req, res) => reply(res, 201, { data: [{ id: "frm_01", t_ms: 0, keyframe: true }] }),
    );
    const webp = Buffer.from("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==", "base64");
    await nusomi.frames.upload(SESSION.id, [{ t_ms: 0, image: webp, viewport: { w: 1, h: 1 } }]);
    assert.equal(stub.requests.length, 2);
    const [a, b] = stub.requests;
    assert.equal(a.headers["idempotency-key"], b.headers["idempotency-key"]);
    const parts = async (r: typeof a) => {
      const form = await new Response(r.body, { headers: { "content-type": String(r.headers["content-type"]) } }).formData();
      return [await (form.get("metadata") as Blob).text(), Buffer.from(await (form.get("f0") as Blob).arrayBuffer()).toString("hex")];
    };
    assert.deepEqual(await parts(b), await parts(a));
    assert.equal((await parts(b))[1], webp.toString("hex"));
  });

  test("more than 50 frames is refused before sending", async () => {
    stub.on((_req, res) => reply(res, 201, { data: [] }));
    const frames = Array.from({ length: 51 }, (_, i) => ({ t_ms: i, image: new Uint8Array(1), viewport: { w: 1, h: 1 } }));
    await assert.rejects(nusomi.frames.upload(SESSION.id, frames), { code: "invalid_request", param: "frames" });
    assert.equal(stub.requests.length, 0);
  });

  test("get, image, list", async () => {
    stub.on((req, res) => {
      if (req.path.endsWith("/image")) {
        res.writeHead(200, { "Content-Type": "image/webp" });
        res.end(Buffer.from([1, 2, 3]));
        return;
      }
      if (req.path.endsWith("/frames")) return reply(res, 200, { data: [{ id: "frm_1" }], next_cursor: null, has_more: false });
      reply(res, 200, { id: "frm_1", t_ms: 5 });
    });
    assert.equal((await nusomi.frames.get("frm_1")).t_ms, 5);
    const blob = await nusomi.frames.image("frm_1");
    assert.deepEqual([...new Uint8Array(await blob.arrayBuffer())], [1, 2, 3]);
    assert.equal((await nusomi.frames.list(SESSION.id)).length, 1);
    assert.deepEqual(
      stub.requests.map((r) => `${r.method} ${r.path}`),
      ["GET /v1/frames/frm_1", "GET /v1/frames/frm_1/image", `GET /v1/sessions/${SESSION.id}/frames`],
    );
  });
});

describe("webhooks, keys, workflows, workspaces", () => {
  test("request shapes", async () => {
    stub.on((req, res) => {
      if (req.method === "GET") return reply(res, 200, { data: [{ id: "x" }], next_cursor: null, has_more: false });
      if (req.method === "DELETE") return reply(res, 200, { id: "key_1", revoked_at: "2026-12-05T10:00:00Z" });
      reply(res, 201, { id: "whk_1", secret: "whsec_abc", key: "nsk_test_x", ...req.json() });
    });
    const hook = await nusomi.webhooks.create({ url: "https://example.com/h", events: ["session.sealed"] });
    assert.equal(hook.secret, "whsec_abc");
    assert.equal((await nusomi.webhooks.list()).length, 1);
    await nusomi.webhooks.delete("whk_1");
    const key = await nusomi.keys.create({ name: "ci", scopes: ["read"] });
    assert.equal(key.key, "nsk_test_x");
    await nusomi.keys.list();
    assert.equal((await nusomi.keys.revoke("key_1")).revoked_at, "2026-12-05T10:00:00Z");
    await nusomi.workflows.list();
    await nusomi.workspaces.create({ name: "acme" });
    assert.deepEqual(
      stub.requests.map((r) => `${r.method} ${r.path}`),
      [
        "POST /v1/webhooks",
        "GET /v1/webhooks",
        "DELETE /v1/webhooks/whk_1",
        "POST /v1/keys",
        "GET /v1/keys",
        "DELETE /v1/keys/key_1",
        "GET /v1/workflows",
        "POST /v1/workspaces",
      ],
    );
    assert.deepEqual(stub.requests[0].json(), { url: "https://example.com/h", events: ["session.sealed"] });
    assert.deepEqual(stub.requests[3].json(), { name: "ci", scopes: ["read"] });
  });
});

describe("replay, recovery, memory", () => {
  test("reject with not_available while the server has no such route", async () => {
    stub.on((req, res) => reply(res, 404, errorBody("invalid_request", `no such endpoint: ${req.method} ${req.path}`)));
    for (const call of [
      () => nusomi.replay.exact(SESSION.id),
      () => nusomi.replay.guided(SESSION.id),
      () => nusomi.replay.partial(SESSION.id, { from_tag: "t" }),
      () => nusomi.recovery.from(SESSION.id),
      () => nusomi.memory.paths({ workflow: "process_invoice" }),
      () => nusomi.memory.outliers({ workflow: "process_invoice" }),
      () => nusomi.memory.similar(SESSION.id),
      () => nusomi.memory.recoveryPoints({ workflow: "process_invoice" }),
    ]) {
      await assert.rejects(call(), (e: unknown) => {
        assert.ok(e instanceof NusomiError);
        assert.equal(e.code, "not_available");
        assert.match(e.message, /not available on this server/);
        return true;
      });
    }
    assert.throws(() => nusomi.memory.onDrift("process_invoice", () => undefined), { code: "not_available" });
  });

  test("a server that has replay answers it; a missing session stays session_not_found", async () => {
    stub.sequence(
      (req, res) => reply(res, 201, { id: "rpl_1", status: "queued", ...req.json() }),
      (_req, res) => reply(res, 404, errorBody("session_not_found", "no such session", "session_id")),
    );
    const replay = await nusomi.replay.exact(SESSION.id, { sandbox: "dry" });
    assert.equal(replay.id, "rpl_1");
    assert.deepEqual(stub.requests[0].json(), { session_id: SESSION.id, mode: "exact", sandbox: "dry" });
    await assert.rejects(nusomi.replay.exact("ses_missing"), { code: "session_not_found" });
  });
});
