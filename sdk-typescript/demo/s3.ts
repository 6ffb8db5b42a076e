// Reads an object of the local installation's object store with its credentials (AWS Signature V4, path style),
// so the demo can show the manifests without an AWS SDK.
import { createHash, createHmac } from "node:crypto";
import type { LocalCredentials } from "@nusomi/sdk";

export type ObjectStore = NonNullable<LocalCredentials["object_store"]>;

/** `s3://bucket/key` as its parts. */
export function parseS3Url(url: string): { bucket: string; key: string } {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(url);
  if (!match) throw new Error(`not an s3:// URL: ${url}`);
  return { bucket: match[1], key: match[2] };
}

/** GET `key` of `bucket`; rejects with the store's status and body unless 200. */
export async function getObject(store: ObjectStore, bucket: string, key: string): Promise<Buffer> {
  const url = new URL(`${store.endpoint!.replace(/\/$/, "")}/${bucket}/${key.split("/").map(encodeSegment).join("/")}`);
  const region = store.region ?? "us-east-1";
  const amzDate = new Date().toISOString().replace(/[-:]|\.\d{3}/g, "");
  const day = amzDate.slice(0, 8);
  const payloadHash = sha256Hex("");
  const signedHeaders = "host;x-amz-content-sha256;x-amz-date";
  const canonical = ["GET", url.pathname, "", `host:${url.host}`, `x-amz-content-sha256:${payloadHash}`,
    `x-amz-date:${amzDate}`, "", signedHeaders, payloadHash].join("\n");
  const scope = `${day}/${region}/s3/aws4_request`;
  const toSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256Hex(canonical)].join("\n");
  let key2: Buffer = hmac(`AWS4${store.secret_key}`, day);
  for (const part of [region, "s3", "aws4_request"]) key2 = hmac(key2, part);
  const signature = hmac(key2, toSign).toString("hex");
  const response = await fetch(url, {
    headers: {
      "x-amz-date": amzDate,
      "x-amz-content-sha256": payloadHash,
      Authorization: `AWS4-HMAC-SHA256 Credential=${store.access_key}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
    },
  });
  const body = Buffer.from(await response.arrayBuffer());
  if (response.status !== 200) throw new Error(`GET s3://${bucket}/${key}: ${response.status} ${body.toString("utf8").slice(0, 300)}`);
  return body;
}

export function sha256Hex(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac("sha256", key).update(data, "utf8").digest();
}

/** RFC 3986 unreserved characters stay, everything else is percent-encoded (as SigV4 requires). */
function encodeSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
