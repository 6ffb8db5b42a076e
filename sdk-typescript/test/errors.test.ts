// The error envelope, retries with Retry-After and backoff, and giving up after maxRetries.
import { strict as assert } from "node:assert";
import { after, before, describe, test } from "node:test";
import { Nusomi, NusomiError, parseRetryAfter } from "../src/index.js";
import { HttpClient } from "../src/core.js";
import { Stub, errorBody, reply } from "./stub.js";

let stub: Stub;
before(async () => {
  stub = await Stub.start();
});
after(() => stub.close());

function client(extra: Partial<ConstructorParameters<typeof Nusomi>[0]> = {}) {
  const logs: string[] = [];
  const logger = { debug: (m: unknown) => logs.push(String(m)), info() {}, warn: (m: unknown) => logs.push(String(m)), error() {} };
  return { nusomi: new Nusomi({ apiKey: "nsk_test_k", baseUrl: stub.url, retryBaseMs: 1, retryMaxMs: 5, logger, env: {}, ...extra }), logs };
}

const OK = { id: "ses_1", status: "created" };

describe("errors", () => {
  test("the envelope becomes NusomiError{code, message, status, param, requestId}", async () => {
    stub.on((_req, res) => reply(res, 400, errorBody("invalid_workflow_slug", "workflow must match ^[a-z0-9_]{2,64}$", "workflow", "req_01ABC")));
    const { nusomi } = client();
    await assert.rejects(nusomi.sessions.create({ workflow: "Bad Slug" }), (e: unknown) => {
      assert.ok(e instanceof NusomiError);
      assert.equal(e.code, "invalid_workflow_slug");
      assert.equal(e.message, "workflow must match ^[a-z0-9_]{2,64}$");
      assert.equal(e.status, 400);
      assert.equal(e.param, "workflow");
      assert.equal(e.requestId, "req_01ABC");
      assert.equal(e.retryAfterMs, null);
      return true;
    });
    assert.equal(stub.requests.length, 1, "a 400 is not retried");
  });

  test("without request_id in the body, requestId comes from X-Request-Id", async () => {
    stub.on((_req, res) => reply(res, 404, { error: { code: "session_not_found", message: "no session" } }, { "X-Request-Id": "req_FROMHEADER" }));
    await assert.rejects(client().nusomi.sessions.get("ses_x"), { code: "session_not_found", requestId: "req_FROMHEADER", status: 404 });
  });

  test("a body that is not an envelope still gives a NusomiError with the status", async () => {
    stub.on((_req, res) => {
      res.writeHead(403, { "Content-Type": "text/plain" });
      res.end("forbidden");
    });
    await assert.rejects(client().nusomi.sessions.get("ses_x"), { code: "insufficient_scope", status: 403 });
  });

  test("parseRetryAfter reads seconds and HTTP dates", () => {
    assert.equal(parseRetryAfter("2"), 2000);
    assert.equal(parseRetryAfter("0.5"), 500);
    assert.equal(parseRetryAfter(new Date(10_000).toUTCString(), 4_000), 6000);
    assert.equal(parseRetryAfter(null), null);
    assert.equal(parseRetryAfter("soon"), null);
  });
});

describe("retries", () => {
  test("429 with Retry-After waits what the server asked, then succeeds; the POST keeps one Idempotency-Key", async () => {
    stub.sequence(
      (_req, res) => reply(res, 429, errorBody("rate_limited", "slow down"), { "Retry-After": "1" }),
      (_req, res) => reply(res, 201, OK),
    );
    const { nusomi, logs } = client();
    const session = await nusomi.sessions.create({ workflow: "process_invoice" });
    assert.equal(session.id, "ses_1");
    assert.equal(stub.requests.length, 2);
    const keys = stub.requests.map((r) => r.headers["idempotency-key"]);
    assert.ok(keys[0]);
    assert.equal(keys[0], keys[1], "every attempt of one POST carries the same Idempotency-Key");
    assert.deepEqual(stub.requests[0].json(), stub.requests[1].json());
    assert.ok(logs.some((l) => l.includes("rate_limited (429); retrying in 1000 ms")), logs.join("\n"));
  });

  test("503, 503, 502 then 200 succeeds on the fourth attempt", async () => {
    stub.sequence(
      (_req, res) => reply(res, 503, errorBody("internal_error", "unavailable")),
      (_req, res) => reply(res, 503, errorBody("internal_error", "unavailable")),
      (_req, res) => reply(res, 502),
      (_req, res) => reply(res, 200, OK),
    );
    const session = await client().nusomi.sessions.get("ses_1");
    assert.equal(session.id, "ses_1");
    assert.equal(stub.requests.length, 4);
  });

  test("408 is retried too", async () => {
    stub.sequence((_req, res) => reply(res, 408), (_req, res) => reply(res, 200, OK));
    await client().nusomi.sessions.get("ses_1");
    assert.equal(stub.requests.length, 2);
  });

  test("gives up after maxRetries with the last NusomiError", async () => {
    stub.on((_req, res) => reply(res, 503, errorBody("internal_error", "still down", null, "req_LAST")));
    await assert.rejects(client().nusomi.sessions.get("ses_1"), { code: "internal_error", status: 503, requestId: "req_LAST" });
    assert.equal(stub.requests.length, 4, "1 attempt + 3 retries");
    stub.on((_req, res) => reply(res, 503));
    await assert.rejects(client({ maxRetries: 1 }).nusomi.sessions.get("ses_1"), { status: 503 });
    assert.equal(stub.requests.length, 2);
    stub.on((_req, res) => reply(res, 429, errorBody("rate_limited", "no"), { "Retry-After": "0" }));
    await assert.rejects(client({ maxRetries: 0 }).nusomi.sessions.get("ses_1"), (e: unknown) => {
      assert.ok(e instanceof NusomiError);
      assert.equal(e.code, "rate_limited");
      assert.equal(e.retryAfterMs, 0);
      return true;
    });
  });

  test("network errors are retried, then reported as connection_error", async () => {
    let calls = 0;
    const failing = async () => {
      calls++;
      throw new TypeError("fetch failed");
    };
    await assert.rejects(client({ fetch: failing }).nusomi.sessions.get("ses_1"), { code: "connection_error", status: 0 });
    assert.equal(calls, 4);
  });

  test("a request slower than the timeout fails with timeout after the retries", async () => {
    stub.on(() => undefined); // never answers
    await assert.rejects(client({ timeout: 50, maxRetries: 1 }).nusomi.sessions.get("ses_1"), { code: "timeout" });
    assert.equal(stub.requests.length, 2);
  });

  test("an aborted request is not retried and rejects with aborted", async () => {
    stub.on(() => undefined); // never answers
    const controller = new AbortController();
    const pending = client().nusomi.sessions.get("ses_1", { signal: controller.signal });
    while (stub.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    await assert.rejects(pending, { code: "aborted" });
    assert.equal(stub.requests.length, 1);
  });

  test("backoff without Retry-After grows exponentially with jitter and is capped", () => {
    const http = new HttpClient({
      apiKey: "k", baseUrl: "http://x", timeout: 1, maxRetries: 3, fetch: fetch, userAgent: "u", retryBaseMs: 100, retryMaxMs: 1000,
    });
    for (let i = 0; i < 50; i++) {
      const d0 = http.backoff(0, null), d2 = http.backoff(2, null), d9 = http.backoff(9, null);
      assert.ok(d0 >= 50 && d0 <= 100, `attempt 0: ${d0}`);
      assert.ok(d2 >= 200 && d2 <= 400, `attempt 2: ${d2}`);
      assert.ok(d9 >= 500 && d9 <= 1000, `attempt 9 capped: ${d9}`);
    }
    assert.equal(http.backoff(0, 2500), 2500, "Retry-After wins");
  });
});
