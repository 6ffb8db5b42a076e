// SSE: the parser, and events.stream() against a stub that drops the connection mid-stream.
import { strict as assert } from "node:assert";
import type { ServerResponse } from "node:http";
import { after, before, describe, test } from "node:test";
import { Nusomi, NusomiError, SseParser, type Event } from "../src/index.js";
import { Stub, errorBody, reply } from "./stub.js";

describe("SseParser", () => {
  test("id/event/data fields, multi-line data, comments, CRLF and chunks split anywhere", () => {
    const text =
      ": keepalive\r\nid: evt_1\r\nevent: click\r\ndata: {\"t_ms\":1,\r\ndata: \"x\":2}\r\n\r\n" +
      "id: evt_2\nevent: submit\ndata:{\"t_ms\":2}\n\n: dropped 3\n\nevent: end\ndata: {}\n\n";
    for (const size of [1, 2, 3, 7, text.length]) {
      const parser = new SseParser();
      const items = [];
      for (let i = 0; i < text.length; i += size) items.push(...parser.feed(text.slice(i, i + size)));
      assert.deepEqual(items, [
        { kind: "comment", text: "keepalive" },
        { kind: "message", message: { id: "evt_1", event: "click", data: '{"t_ms":1,\n"x":2}', retry: undefined } },
        { kind: "message", message: { id: "evt_2", event: "submit", data: '{"t_ms":2}', retry: undefined } },
        { kind: "comment", text: "dropped 3" },
        { kind: "message", message: { id: "evt_2", event: "end", data: "{}", retry: undefined } },
      ], `chunk size ${size}`);
    }
  });

  test("an event without data (`event: end`) is still dispatched; data without event is `message`", () => {
    const parser = new SseParser();
    const items = parser.feed("retry: 250\ndata: hi\n\nevent: end\n\n");
    assert.deepEqual(items, [
      { kind: "message", message: { id: undefined, event: "message", data: "hi", retry: 250 } },
      { kind: "message", message: { id: undefined, event: "end", data: "", retry: undefined } },
    ]);
  });
});

function sse(id: string, type: string, tMs: number): string {
  return `id: ${id}\nevent: ${type}\ndata: ${JSON.stringify({ t_ms: tMs, frame_id: "frm_1", confidence: 0.99, payload: { x: tMs, y: 1 } })}\n\n`;
}

function openStream(res: ServerResponse): void {
  res.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-cache" });
  res.flushHeaders();
}

let stub: Stub;
before(async () => {
  stub = await Stub.start();
});
after(() => stub.close());

const client = () => new Nusomi({ apiKey: "nsk_test_k", baseUrl: stub.url, retryBaseMs: 1, retryMaxMs: 5, env: {} });

describe("events.stream", () => {
  test("reconnects with Last-Event-ID after the connection drops and ends at `event: end`", async () => {
    stub.sequence(
      (_req, res) => {
        openStream(res);
        res.write(": keepalive\n\n");
        res.write(sse("evt_1", "click", 10));
        res.write(sse("evt_2", "click", 20));
        res.write("id: evt_3\nevent: click\ndata: {\"t_ms\":"); // half a message, then the connection dies
        setTimeout(() => res.destroy(), 20);
      },
      (_req, res) => {
        openStream(res);
        res.write(sse("evt_3", "click", 30));
        res.write(sse("evt_4", "validation_error", 40).replace('"payload":{"x":40,"y":1}', '"payload":{"field":"amount","message":"required"}'));
        res.end("event: end\ndata: {}\n\n");
      },
    );
    const stream = client().events.stream("ses_1", { types: ["click", "validation_error"], confidenceGte: 0.9 });
    const got: Event[] = [];
    for await (const ev of stream) got.push(ev);
    assert.deepEqual(got.map((e) => [e.id, e.type, e.t_ms, e.session_id]), [
      ["evt_1", "click", 10, "ses_1"],
      ["evt_2", "click", 20, "ses_1"],
      ["evt_3", "click", 30, "ses_1"],
      ["evt_4", "validation_error", 40, "ses_1"],
    ]);
    const last = got[3];
    assert.ok(last.type === "validation_error" && last.payload.field === "amount");
    assert.equal(stub.requests.length, 2);
    const [first, second] = stub.requests;
    assert.equal(first.path, "/v1/sessions/ses_1/events/stream");
    assert.equal(first.query.get("type"), "click,validation_error");
    assert.equal(first.query.get("confidence_gte"), "0.9");
    assert.equal(first.headers.accept, "text/event-stream");
    assert.equal(first.headers.authorization, "Bearer nsk_test_k");
    assert.equal(first.headers["last-event-id"], undefined);
    assert.equal(second.headers["last-event-id"], "evt_2", "resumes after the last complete event");
    assert.equal(stream.reconnects, 1);
  });

  test("a stream closed by the server without `event: end` is resumed as well", async () => {
    stub.sequence(
      (_req, res) => {
        openStream(res);
        res.end(sse("evt_1", "click", 1));
      },
      (_req, res) => {
        openStream(res);
        res.end(sse("evt_2", "click", 2) + "event: end\n\n");
      },
    );
    const got: string[] = [];
    for await (const ev of client().events.stream("ses_1")) got.push(ev.id);
    assert.deepEqual(got, ["evt_1", "evt_2"]);
    assert.equal(stub.requests[1].headers["last-event-id"], "evt_1");
  });

  test("close() ends the iteration of a live stream", async () => {
    stub.on((_req, res) => {
      openStream(res);
      res.write(sse("evt_1", "click", 1)); // then stays open, as a live stream does
    });
    const stream = client().events.stream("ses_1");
    const got: string[] = [];
    for await (const ev of stream) {
      got.push(ev.id);
      stream.close();
    }
    assert.deepEqual(got, ["evt_1"]);
    assert.equal(stub.requests.length, 1);
  });

  test("an API error (429 stream_limit_exceeded after retries, 404) is thrown, not retried forever", async () => {
    stub.on((_req, res) => reply(res, 404, errorBody("session_not_found", "no such session")));
    await assert.rejects(async () => {
      for await (const _ev of client().events.stream("ses_x")) void _ev;
    }, (e: unknown) => e instanceof NusomiError && e.code === "session_not_found");
  });

  test("lastEventId option resumes from a known event; workflow streams use their own path", async () => {
    stub.on((_req, res) => {
      openStream(res);
      res.end("event: end\n\n");
    });
    for await (const _ev of client().events.stream("ses_1", { lastEventId: "evt_9" })) void _ev;
    assert.equal(stub.requests[0].headers["last-event-id"], "evt_9");
    stub.on((_req, res) => {
      openStream(res);
      res.end("event: end\n\n");
    });
    for await (const _ev of client().events.streamWorkflow("process_invoice")) void _ev;
    assert.equal(stub.requests[0].path, "/v1/workflows/process_invoice/events/stream");
  });
});
