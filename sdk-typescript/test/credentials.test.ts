// The local installation file (SPEC §4): fromCredentialsFile and the constructor's fallback to it.
import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { Nusomi, NusomiError } from "../src/index.js";
import { Stub, reply } from "./stub.js";

let stub: Stub;
let home: string;
before(async () => {
  stub = await Stub.start();
  home = mkdtempSync(join(tmpdir(), "nusomi-sdk-test-"));
  writeFileSync(
    join(home, "credentials.json"),
    JSON.stringify({
      gateway_url: stub.url,
      operator_key: "nso_operator_0123456789abcdef",
      admin_key: "nsk_local_admin_0123456789",
      workspace_id: "wsp_01",
      object_store: { endpoint: "http://127.0.0.1:18333", region: "us-east-1", access_key: "a", secret_key: "s", bucket: "nusomi" },
    }),
    { mode: 0o600 },
  );
  stub.on((_req, res) => reply(res, 200, { data: [], next_cursor: null, has_more: false }));
});
after(async () => {
  rmSync(home, { recursive: true, force: true });
  await stub.close();
});

describe("credentials file", () => {
  test("fromCredentialsFile uses gateway_url and admin_key (or the operator key on request)", async () => {
    const nusomi = Nusomi.fromCredentialsFile(join(home, "credentials.json"));
    assert.equal(nusomi.baseUrl, stub.url);
    assert.equal(nusomi.localCredentials?.object_store?.bucket, "nusomi");
    await nusomi.sessions.list();
    assert.equal(stub.requests.at(-1)?.headers.authorization, "Bearer nsk_local_admin_0123456789");
    const operator = Nusomi.fromCredentialsFile(join(home, "credentials.json"), { key: "operator" });
    await operator.workspaces.list();
    assert.equal(stub.requests.at(-1)?.headers.authorization, "Bearer nso_operator_0123456789abcdef");
  });

  test("without apiKey and NUSOMI_API_KEY the constructor reads $NUSOMI_HOME/credentials.json", async () => {
    const nusomi = new Nusomi({ env: { NUSOMI_HOME: home } });
    assert.equal(nusomi.baseUrl, stub.url);
    await nusomi.sessions.list();
    assert.equal(stub.requests.at(-1)?.headers.authorization, "Bearer nsk_local_admin_0123456789");
  });

  test("a local key from NUSOMI_API_KEY finds the local gateway; a cloud key keeps the default URL", () => {
    assert.equal(new Nusomi({ env: { NUSOMI_HOME: home, NUSOMI_API_KEY: "nsk_local_other" } }).baseUrl, stub.url);
    assert.equal(new Nusomi({ env: { NUSOMI_HOME: home, NUSOMI_API_KEY: "nsk_live_x" } }).baseUrl, "https://api.nusomi.com");
    assert.equal(
      new Nusomi({ env: { NUSOMI_HOME: home, NUSOMI_API_KEY: "nsk_local_x", NUSOMI_BASE_URL: "http://gw:1" } }).baseUrl,
      "http://gw:1",
    );
  });

  test("a missing file is a clear missing_api_key error", () => {
    assert.throws(() => Nusomi.fromCredentialsFile(join(home, "nope.json")), (e: unknown) => {
      assert.ok(e instanceof NusomiError);
      assert.equal(e.code, "missing_api_key");
      assert.match(e.message, /nope\.json/);
      return true;
    });
  });
});
