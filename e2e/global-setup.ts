import path from "node:path";
import { startThrowawayPostgres, type ThrowawayPostgres } from "../db/testing/throwaway-postgres";
import { DEMO_ROLES, saveSignedInState } from "./auth-state";
import { startConsole, waitHealthy } from "./console-process";

const globalForE2e = globalThis as unknown as { cloudscopeE2ePostgres?: ThrowawayPostgres };

/**
 * Starts the real console (`npm start`'s script: demo fleet + worker + web) on free ports
 * with a throwaway SQLite database, and a second one on a throwaway PostgreSQL cluster for
 * the PostgreSQL smoke spec; hands their addresses to the specs through env. Then signs
 * each demo user in once and saves their cookies (<console dir>/auth/<role>.json, pg-admin.json).
 */
export default async function globalSetup(): Promise<void> {
  const sqlite = await startConsole("sqlite", {});
  process.env.CLOUDSCOPE_E2E_URL = sqlite.url;
  process.env.CLOUDSCOPE_E2E_SIM = sqlite.sim;
  process.env.CLOUDSCOPE_E2E_DB = sqlite.db;
  process.env.CLOUDSCOPE_E2E_PID = String(sqlite.pid);
  process.env.CLOUDSCOPE_E2E_LOG = sqlite.log;
  process.env.CLOUDSCOPE_E2E_AUTH_DIR = path.join(path.dirname(sqlite.db), "auth");
  await waitHealthy(sqlite);
  for (const role of DEMO_ROLES) await saveSignedInState(sqlite.url, role);

  // Started after the first is healthy: that one has built the web app both serve.
  const postgres = await startThrowawayPostgres();
  globalForE2e.cloudscopeE2ePostgres = postgres;
  const pg = await startConsole("postgres", { CLOUDSCOPE_DATABASE_URL: postgres.url });
  process.env.CLOUDSCOPE_E2E_PG_URL = pg.url;
  process.env.CLOUDSCOPE_E2E_PG_PID = String(pg.pid);
  await waitHealthy(pg);
  await saveSignedInState(pg.url, "admin", "pg-admin");
}
