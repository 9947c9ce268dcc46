import path from "node:path";
import { readEnv } from "../server/config/env";
import { serveWebUntilSignalled } from "../server/http/web-server";

/**
 * The web process `npm start` supervises (after migrating and building): Next behind our HTTP
 * server, which records each request's socket address. `--dev` serves from the sources.
 * HOST and PORT say where to listen.
 */
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");

async function main(): Promise<void> {
  const env = readEnv();
  process.chdir(root);
  await serveWebUntilSignalled({ dir: root, dev: process.argv.includes("--dev"), host: env.HOST ?? "0.0.0.0", port: env.PORT });
}

main().catch((error: unknown) => {
  for (const line of (error instanceof Error ? error.message : String(error)).split("\n")) console.error(`[web] ${line}`);
  process.exit(1);
});
