import fs from "node:fs";
import path from "node:path";
import type { ThrowawayPostgres } from "../db/testing/throwaway-postgres";
import type { TestOidcProvider } from "../server/testing/oidc-test-provider";

const globalForE2e = globalThis as unknown as { cloudscopeE2ePostgres?: ThrowawayPostgres; cloudscopeE2eOidc?: TestOidcProvider };

/** Stops the consoles started by global-setup, each with its whole process group, the PostgreSQL cluster and the OIDC provider, and removes the throwaway folders. */
export default async function globalTeardown(): Promise<void> {
  for (const pid of [process.env.CLOUDSCOPE_E2E_PID, process.env.CLOUDSCOPE_E2E_PG_PID].map(Number)) {
    if (!pid) continue;
    signalGroup(pid, "SIGTERM");
    for (let i = 0; i < 40 && signalGroup(pid, 0); i++) await new Promise((r) => setTimeout(r, 250));
    signalGroup(pid, "SIGKILL");
  }
  globalForE2e.cloudscopeE2ePostgres?.stop();
  await globalForE2e.cloudscopeE2eOidc?.close();
  const db = process.env.CLOUDSCOPE_E2E_DB;
  if (db) fs.rmSync(path.dirname(db), { recursive: true, force: true });
}

/** Signals the process group; false once it is gone. */
function signalGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}
