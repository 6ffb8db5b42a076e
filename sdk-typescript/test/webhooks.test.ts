// verifyWebhookSignature against signatures computed here independently with node:crypto.
import { strict as assert } from "node:assert";
import { createHmac } from "node:crypto";
import { describe, test } from "node:test";
import { signWebhookPayload, verifyWebhookSignature } from "../src/index.js";

const SECRET = "whsec_test_5f1b2c";
const BODY = '{"id":"evt_01J","type":"session.sealed","created_at":"2026-12-05T10:00:00Z","data":{"id":"ses_1"}}';
const T = 1_780_000_000;
const hmac = (t: number, body: string, secret = SECRET) => createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");

describe("verifyWebhookSignature", () => {
  test("accepts a valid signature, as a string or as bytes", () => {
    const header = `t=${T},v1=${hmac(T, BODY)}`;
    assert.equal(verifyWebhookSignature(BODY, header, SECRET, { toleranceSec: 300, now: T + 10 }), true);
    assert.equal(verifyWebhookSignature(new TextEncoder().encode(BODY), header, SECRET, { now: T }), true);
  });

  test("rejects a tampered body, a wrong secret, a tampered timestamp", () => {
    const header = `t=${T},v1=${hmac(T, BODY)}`;
    assert.equal(verifyWebhookSignature(BODY.replace("ses_1", "ses_2"), header, SECRET, { now: T }), false);
    assert.equal(verifyWebhookSignature(BODY, header, "whsec_other", { now: T }), false);
    assert.equal(verifyWebhookSignature(BODY, `t=${T + 1},v1=${hmac(T, BODY)}`, SECRET, { now: T }), false);
  });

  test("rejects a timestamp outside the tolerance, either way", () => {
    const header = `t=${T},v1=${hmac(T, BODY)}`;
    assert.equal(verifyWebhookSignature(BODY, header, SECRET, { toleranceSec: 300, now: T + 301 }), false);
    assert.equal(verifyWebhookSignature(BODY, header, SECRET, { toleranceSec: 300, now: T - 301 }), false);
    assert.equal(verifyWebhookSignature(BODY, header, SECRET, { toleranceSec: 300, now: T + 300 }), true);
  });

  test("rejects malformed headers; accepts when any of several v1 matches", () => {
    for (const bad of [null, "", "t=abc,v1=00", `v1=${hmac(T, BODY)}`, `t=${T}`, `t=${T},v1=zz`]) {
      assert.equal(verifyWebhookSignature(BODY, bad, SECRET, { now: T }), false, String(bad));
    }
    const rotated = `t=${T},v1=${hmac(T, BODY, "whsec_old")},v1=${hmac(T, BODY)}`;
    assert.equal(verifyWebhookSignature(BODY, rotated, SECRET, { now: T }), true);
  });

  test("signWebhookPayload produces what the server sends", () => {
    assert.equal(signWebhookPayload(BODY, SECRET, T), `t=${T},v1=${hmac(T, BODY)}`);
  });
});
