// The published entry points: `import` gets dist/esm, `require` gets dist/cjs (run `npm run build` first).
import { strict as assert } from "node:assert";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, test } from "node:test";

const root = new URL("../../../", import.meta.url);
const built = existsSync(new URL("dist/cjs/index.js", root)) && existsSync(new URL("dist/esm/index.js", root));

describe("package exports", { skip: built ? false : "run `npm run build` first" }, () => {
  test("require('@nusomi/sdk') is the CommonJS build, import is the ESM build, both with types", async () => {
    const require = createRequire(new URL("package.json", root));
    const cjs = require("@nusomi/sdk");
    assert.match(require.resolve("@nusomi/sdk"), /dist[\\/]cjs[\\/]index\.js$/);
    const esm = await import("@nusomi/sdk");
    assert.equal(typeof cjs.Nusomi, "function");
    assert.equal(typeof esm.Nusomi, "function");
    assert.notEqual(cjs.Nusomi, esm.Nusomi, "two separate builds");
    assert.equal(typeof cjs.verifyWebhookSignature, "function");
    assert.ok(existsSync(new URL("dist/cjs/index.d.ts", root)));
    assert.ok(existsSync(new URL("dist/esm/index.d.ts", root)));
    const client = new cjs.Nusomi({ apiKey: "nsk_test_x", env: {} });
    assert.equal(client.baseUrl, "https://api.nusomi.com");
  });
});
