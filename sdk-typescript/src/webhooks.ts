import { createHmac, timingSafeEqual } from "node:crypto";

export interface VerifyOptions {
  /** Largest accepted age (or clock skew) of the signature's timestamp, in seconds (default 300). */
  toleranceSec?: number;
  /** Current time in unix seconds (tests). */
  now?: number;
}

/**
 * Checks a webhook's `Nusomi-Signature: t=<unix>,v1=<hex>` header (SPEC §7): HMAC-SHA256 with the endpoint's
 * secret over `"<t>.<raw body>"`, compared in constant time, and `t` within the tolerance of now. Pass the raw
 * request body exactly as received (a re-serialised JSON object does not match). Answers true or false.
 */
export function verifyWebhookSignature(
  rawBody: string | Uint8Array,
  header: string | null | undefined,
  secret: string,
  options: VerifyOptions = {},
): boolean {
  if (!header || !secret) return false;
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(",")) {
    const eq = part.indexOf("=");
    if (eq === -1) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === "t" && /^\d+$/.test(value)) timestamp = Number(value);
    else if (key === "v1" && /^[0-9a-fA-F]{64}$/.test(value)) signatures.push(value.toLowerCase());
  }
  if (timestamp === undefined || signatures.length === 0) return false;
  const now = options.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - timestamp) > (options.toleranceSec ?? 300)) return false;
  const body = typeof rawBody === "string" ? Buffer.from(rawBody, "utf8") : Buffer.from(rawBody);
  const expected = createHmac("sha256", secret)
    .update(Buffer.concat([Buffer.from(`${timestamp}.`, "utf8"), body]))
    .digest();
  // every v1 is checked, so a secret rotation can sign with two secrets at once
  return signatures.some((hex) => timingSafeEqual(Buffer.from(hex, "hex"), expected));
}

/** Signs a body the way the server does; for tests of your webhook receiver. */
export function signWebhookPayload(rawBody: string | Uint8Array, secret: string, timestamp = Math.floor(Date.now() / 1000)): string {
  const body = typeof rawBody === "string" ? Buffer.from(rawBody, "utf8") : Buffer.from(rawBody);
  const hex = createHmac("sha256", secret)
    .update(Buffer.concat([Buffer.from(`${timestamp}.`, "utf8"), body]))
    .digest("hex");
  return `t=${timestamp},v1=${hex}`;
}
