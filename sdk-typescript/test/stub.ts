// A local HTTP server standing in for the Nusomi API: each test scripts its answers and reads what the SDK sent.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface Recorded {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage["headers"];
  body: Buffer;
  json(): any;
}

export type Handler = (req: Recorded, res: ServerResponse) => void | Promise<void>;

export class Stub {
  readonly requests: Recorded[] = [];
  private handler: Handler = (_req, res) => reply(res, 500, { error: { code: "internal_error", message: "no handler" } });
  private readonly server: Server;
  url = "";

  private constructor() {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const url = new URL(req.url ?? "/", "http://stub");
        const body = Buffer.concat(chunks);
        const recorded: Recorded = {
          method: req.method ?? "",
          path: url.pathname,
          query: url.searchParams,
          headers: req.headers,
          body,
          json: () => JSON.parse(body.toString("utf8")),
        };
        this.requests.push(recorded);
        Promise.resolve(this.handler(recorded, res)).catch((e) => {
          res.destroy(e as Error);
        });
      });
    });
  }

  static async start(): Promise<Stub> {
    const stub = new Stub();
    await new Promise<void>((resolve) => stub.server.listen(0, "127.0.0.1", resolve));
    stub.url = `http://127.0.0.1:${(stub.server.address() as AddressInfo).port}`;
    return stub;
  }

  /** Answers every request with `handler` from now on and forgets the requests seen so far. */
  on(handler: Handler): void {
    this.handler = handler;
    this.requests.length = 0;
  }

  /** Answers the scripted responses in order (the last one repeats). */
  sequence(...handlers: Handler[]): void {
    let i = 0;
    this.on((req, res) => handlers[Math.min(i++, handlers.length - 1)](req, res));
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export function reply(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json",
    "X-Request-Id": "req_01STUB0000000000000000000",
    ...headers,
  });
  res.end(text);
}

export function errorBody(code: string, message: string, param: string | null = null, requestId = "req_01ENVELOPE00000000000000000") {
  return { error: { code, message, param, request_id: requestId } };
}
