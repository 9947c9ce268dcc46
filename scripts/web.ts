import path from "node:path";
import { closeDb, migrateDb, openDb } from "../db/client";
import { readEnv } from "../server/config/env";
import { serveWebUntilSignalled } from "../server/http/web-server";
import { isWebBuildStale } from "./web-build";

/**
 * `npm run web`: one web process on its own, for installations that run several of them
 * (behind a load balancer) and their workers separately against one PostgreSQL. It applies
 * pending migrations (serialised between processes), then serves the built app (build it
 * once per release with `npm run build`) as scripts/serve-web.ts does.
 */
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");

async function main(): Promise<void> {
  const env = readEnv();
  process.chdir(root);
  const db = openDb();
  await migrateDb(db);
  await closeDb(db);
  if (isWebBuildStale(root)) throw new Error("the web app is not built or older than its sources: run `npm run build` first");
  await serveWebUntilSignalled({ dir: root, dev: false, host: env.HOST ?? "0.0.0.0", port: env.PORT });
}

main().catch((error: unknown) => {
  for (const line of (error instanceof Error ? error.message : String(error)).split("\n")) console.error(`[web] ${line}`);
  process.exit(1);
});
