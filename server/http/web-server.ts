import { createServer, type Server } from "node:http";
import { withPeerAddress } from "./peer-address";

export interface WebServerOptions {
  /** The project root (where next.config.js and .next are). */
  dir: string;
  dev: boolean;
  host: string;
  port: number;
}

/**
 * The console's HTTP server: Next's pages and API behind a plain Node server, so each request
 * carries its socket's address (Next's route handlers never see the socket). Next still applies
 * next.config.js (headers) and the route handlers their body caps; in dev, Next attaches its
 * hot-reload upgrade handler to this server on the first request.
 */
export async function startWebServer({ dir, dev, host, port }: WebServerOptions): Promise<Server> {
  // As `next start`/`next dev` do, before Next and React load.
  Object.assign(process.env, { NODE_ENV: process.env.NODE_ENV || (dev ? "development" : "production") });
  const { default: next } = await import("next");
  const app = next({ dev, dir, hostname: host, port });
  await app.prepare();
  const handle = app.getRequestHandler();
  // Next answers its own errors (500 page); nothing is left for this promise to report.
  const server = createServer(withPeerAddress((req, res) => void handle(req, res)));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return server;
}

/** Serves until SIGTERM or SIGINT, then stops taking connections and exits once open requests are answered. */
export async function serveWebUntilSignalled(options: WebServerOptions): Promise<void> {
  const server = await startWebServer(options);
  console.log(`[web] listening on ${options.host}:${options.port}${options.dev ? " (dev)" : ""}`);
  const stop = () => server.close(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}
