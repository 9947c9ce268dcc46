import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DEMO_ROLES, saveSignedInState } from "./auth-state";
import { findFreePort } from "./free-port";

/**
 * Starts the real console (`npm start`'s script: demo fleet + worker + web) on free
 * ports with a throwaway database, and hands its addresses to the specs through env.
 * Then signs each demo user in once and saves their cookies (e2e/.auth/<role>.json).
 */
export default async function globalSetup(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cloudscope-e2e-"));
  const port = await findFreePort();
  const controlPort = await findFreePort();
  const dbPath = path.join(dir, "cloudscope.db");
  const log = fs.openSync(path.join(dir, "server.log"), "a");
  const child = spawn(process.execPath, [require.resolve("tsx/cli"), "scripts/start.ts"], {
    env: { ...process.env, PORT: String(port), CLOUDSCOPE_DB: dbPath, CLOUDSCOPE_SIM_CONTROL_PORT: String(controlPort) },
    stdio: ["ignore", log, log],
    detached: true,
  });
  process.env.CLOUDSCOPE_E2E_URL = `http://127.0.0.1:${port}`;
  process.env.CLOUDSCOPE_E2E_SIM = `http://127.0.0.1:${controlPort}`;
  process.env.CLOUDSCOPE_E2E_DB = dbPath;
  process.env.CLOUDSCOPE_E2E_PID = String(child.pid);
  process.env.CLOUDSCOPE_E2E_LOG = path.join(dir, "server.log");

  const deadline = Date.now() + 8 * 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`console exited early:\n${fs.readFileSync(process.env.CLOUDSCOPE_E2E_LOG, "utf8").slice(-4000)}`);
    try {
      const res = await fetch(`${process.env.CLOUDSCOPE_E2E_URL}/api/health`);
      if (res.status === 200) {
        for (const role of DEMO_ROLES) await saveSignedInState(process.env.CLOUDSCOPE_E2E_URL, role);
        return;
      }
    } catch {
      // still starting
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`console did not become healthy:\n${fs.readFileSync(process.env.CLOUDSCOPE_E2E_LOG, "utf8").slice(-4000)}`);
}
