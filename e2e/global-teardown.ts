import fs from "node:fs";
import path from "node:path";
import type { ThrowawayPostgres } from "../db/testing/throwaway-postgres";
import type { TestOidcProvider } from "../server/testing/oidc-test-provider";
import { stopProcessGroup } from "./console-process";

const globalForE2e = globalThis as unknown as { cloudscopeE2ePostgres?: ThrowawayPostgres; cloudscopeE2eOidc?: TestOidcProvider };

/** Stops the consoles started by global-setup, each with its whole process group, the PostgreSQL cluster and the OIDC provider, and removes the throwaway folders. */
export default async function globalTeardown(): Promise<void> {
  for (const pid of [process.env.CLOUDSCOPE_E2E_PID, process.env.CLOUDSCOPE_E2E_PG_PID].map(Number)) {
    if (pid) await stopProcessGroup(pid);
  }
  globalForE2e.cloudscopeE2ePostgres?.stop();
  await globalForE2e.cloudscopeE2eOidc?.close();
  const db = process.env.CLOUDSCOPE_E2E_DB;
  if (db) fs.rmSync(path.dirname(db), { recursive: true, force: true });
}

