// exports.create().wait(): polling with progress, completion with manifest_url, failure.
import { strict as assert } from "node:assert";
import { after, before, describe, test } from "node:test";
import { Export, Nusomi, NusomiError } from "../src/index.js";
import { Stub, reply } from "./stub.js";

let stub: Stub;
before(async () => {
  stub = await Stub.start();
});
after(() => stub.close());

const client = () => new Nusomi({ apiKey: "nsk_test_k", baseUrl: stub.url, env: {} });
const QUEUED = { id: "exp_01", status: "queued", manifest_url: null, created_at: "2026-12-05T10:00:00Z" };
const INPUT = {
  workflow: "process_invoice",
  filter: { outcome: "success" as const, since: "2026-01-01" },
  format: "webdataset" as const,
  destination: { kind: "s3" as const, bucket: "my-training-bucket", prefix: "nusomi/process_invoice/v1/", region: "us-east-1" },
};

describe("exports", () => {
  test("create posts the body; wait() polls, reports progress and sets manifest_url in place", async () => {
    const states = [
      { ...QUEUED, status: "running", shards: 3, shards_done: 0 },
      { ...QUEUED, status: "running", shards: 3, shards_done: 2 },
      { ...QUEUED, status: "completed", shards: 3, shards_done: 3, rows: 42, manifest_url: "s3://my-training-bucket/nusomi/process_invoice/v1/manifest.json" },
    ];
    let polls = 0;
    stub.on((req, res) => (req.method === "POST" ? reply(res, 202, QUEUED) : reply(res, 200, states[Math.min(polls++, 2)])));
    const exp = await client().exports.create(INPUT);
    assert.ok(exp instanceof Export);
    assert.equal(exp.status, "queued");
    assert.equal(exp.manifest_url, null);
    assert.deepEqual(stub.requests[0].json(), INPUT);
    assert.equal(stub.requests[0].path, "/v1/exports");
    assert.ok(stub.requests[0].headers["idempotency-key"]);

    const progress: string[] = [];
    const done = await exp.wait({ intervalMs: 1, onProgress: (e) => progress.push(`${e.status} ${e.shards_done}/${e.shards}`) });
    assert.equal(done, exp);
    assert.deepEqual(progress, ["running 0/3", "running 2/3", "completed 3/3"]);
    assert.equal(exp.manifest_url, "s3://my-training-bucket/nusomi/process_invoice/v1/manifest.json");
    assert.equal(exp.rows, 42);
    assert.deepEqual(stub.requests.slice(1).map((r) => `${r.method} ${r.path}`), Array(3).fill("GET /v1/exports/exp_01"));
  });

  test("wait() rejects with the export's error when it fails; waitFor is the same", async () => {
    stub.on((req, res) =>
      req.method === "POST"
        ? reply(res, 202, QUEUED)
        : reply(res, 200, { ...QUEUED, status: "failed", error: { code: "unsupported_format", message: "arrow is not supported yet" } }),
    );
    const exp = await client().exports.create(INPUT);
    await assert.rejects(exp.waitFor({ intervalMs: 1 }), (e: unknown) => {
      assert.ok(e instanceof NusomiError);
      assert.equal(e.code, "unsupported_format");
      assert.match(e.message, /arrow is not supported yet/);
      return true;
    });
  });

  test("get, and list by tag awaited as an array (seed 000 step 6)", async () => {
    stub.on((req, res) =>
      req.path === "/v1/exports"
        ? reply(res, 200, { data: [{ ...QUEUED, status: "completed", manifest_url: "s3://b/m.json" }], next_cursor: null, has_more: false })
        : reply(res, 200, { ...QUEUED, status: "completed", manifest_url: "s3://b/m.json" }),
    );
    const nusomi = client();
    const got = await nusomi.exports.get("exp_01");
    assert.equal(got.manifest_url, "s3://b/m.json");
    await got.wait(); // already completed: resolves without polling again
    assert.equal(stub.requests.length, 1);
    const replay = await nusomi.exports.list({ tag: "process_invoice@v1" });
    console.log(replay[0].manifest_url);
    assert.equal(replay[0].manifest_url, "s3://b/m.json");
    assert.equal(stub.requests[1].query.get("tag"), "process_invoice@v1");
  });
});
