import http from "node:http";
import type { AddressInfo } from "node:net";

export interface SimRequest {
  method: string;
  url: URL;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The body as sent, for binary uploads (image data). */
  bytes: Buffer;
}

export interface SimResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

/** A reply of `null` leaves the request hanging, as a dead API does. */
export type SimHandler = (req: SimRequest) => Promise<SimResponse | null>;

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Serves a sim on loopback; port 0 picks a free one. */
export async function startSimServer(handler: SimHandler, port = 0): Promise<RunningServer> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", `http://${req.headers.host ?? "127.0.0.1"}`);
      const bytes = Buffer.concat(chunks);
      handler({ method: req.method ?? "GET", url, headers: req.headers, body: bytes.toString("utf8"), bytes })
        .then((reply) => {
          if (reply === null) return;
          res.writeHead(reply.status, reply.headers ?? {});
          res.end(reply.body ?? "");
        })
        .catch((err: unknown) => {
          res.writeHead(500, { "content-type": "text/plain" });
          res.end(`sim failure: ${err instanceof Error ? err.message : String(err)}`);
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
