// A TCP proxy in front of the real gateway that can cut every open connection (a transient network failure) and
// hold new ones until released, so a test sees what a reconnecting client sends and what the server replays.
import { createConnection, createServer, type AddressInfo, type Server, type Socket } from "node:net";

export class DroppingProxy {
  /** The first bytes (request line and headers) of every connection, in arrival order. */
  readonly requests: string[] = [];
  url = "";
  private readonly open = new Set<Socket>();
  private readonly held: Array<() => void> = [];
  private holding = false;
  private readonly server: Server;

  private constructor(private readonly target: URL) {
    this.server = createServer((client) => {
      this.open.add(client);
      client.on("close", () => this.open.delete(client));
      client.on("error", () => undefined);
      const early: Buffer[] = [];
      let upstream: Socket | undefined;
      client.on("data", (chunk: Buffer) => {
        if (early.length === 0 && upstream === undefined) this.requests.push(chunk.toString("latin1"));
        if (upstream) upstream.write(chunk);
        else early.push(chunk);
      });
      const connect = () => {
        if (client.destroyed) return;
        const socket = createConnection({ host: this.target.hostname, port: Number(this.target.port) }, () => {
          for (const chunk of early.splice(0)) socket.write(chunk);
          upstream = socket;
        });
        this.open.add(socket);
        socket.pipe(client);
        socket.on("close", () => {
          this.open.delete(socket);
          client.destroy();
        });
        socket.on("error", () => client.destroy());
        client.on("close", () => socket.destroy());
      };
      if (this.holding) this.held.push(connect);
      else connect();
    });
  }

  static async start(target: string): Promise<DroppingProxy> {
    const proxy = new DroppingProxy(new URL(target));
    await new Promise<void>((resolve) => proxy.server.listen(0, "127.0.0.1", resolve));
    proxy.url = `http://127.0.0.1:${(proxy.server.address() as AddressInfo).port}`;
    return proxy;
  }

  /** Cuts every open connection; with `hold`, new connections wait (unanswered) until `release()`. */
  drop(options: { hold?: boolean } = {}): void {
    this.holding = options.hold ?? false;
    for (const socket of this.open) socket.destroy();
  }

  /** Lets the held connections through to the server. */
  release(): void {
    this.holding = false;
    for (const connect of this.held.splice(0)) connect();
  }

  async close(): Promise<void> {
    this.release();
    for (const socket of this.open) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
