import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { findFreePort } from "./free-port";

export interface StartedConsole {
  url: string;
  sim: string;
  db: string;
  pid: number;
  log: string;
  exited: () => boolean;
}

/** Starts `npm start`'s script on free ports with a throwaway SQLite database in its own process group, plus `env`. */
/** `port` when the caller must know it before the start (single sign-on's redirect address). */
export async function startConsole(name: string, env: Record<string, string>, port?: number): Promise<StartedConsole> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `cloudscope-e2e-${name}-`));
  port ??= await findFreePort();
  const controlPort = await findFreePort();
  const db = path.join(dir, "cloudscope.db");
  const log = path.join(dir, "server.log");
  const out = fs.openSync(log, "a");
  const child = spawn(process.execPath, [require.resolve("tsx/cli"), "scripts/start.ts"], {
    env: { ...process.env, CLOUDSCOPE_DATABASE_URL: "", PORT: String(port), CLOUDSCOPE_DB: db, CLOUDSCOPE_SIM_CONTROL_PORT: String(controlPort), ...env },
    stdio: ["ignore", out, out],
    detached: true,
  });
  return { url: `http://127.0.0.1:${port}`, sim: `http://127.0.0.1:${controlPort}`, db, pid: child.pid!, log, exited: () => child.exitCode !== null };
}

export async function waitHealthy(started: StartedConsole): Promise<void> {
  const deadline = Date.now() + 8 * 60_000;
  while (Date.now() < deadline) {
    if (started.exited()) throw new Error(`console exited early:\n${fs.readFileSync(started.log, "utf8").slice(-4000)}`);
    try {
      if ((await fetch(`${started.url}/api/health`)).status === 200) return;
    } catch {
      // still starting
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`console did not become healthy:\n${fs.readFileSync(started.log, "utf8").slice(-4000)}`);
}

/** Stops a console started here with its whole process group, and removes its throwaway folder. */
export async function stopConsole(started: StartedConsole): Promise<void> {
  await stopProcessGroup(started.pid);
  fs.rmSync(path.dirname(started.db), { recursive: true, force: true });
}

/** SIGTERM to the group, SIGKILL after ten seconds if some process lingers. */
export async function stopProcessGroup(pid: number): Promise<void> {
  signalGroup(pid, "SIGTERM");
  for (let i = 0; i < 40 && signalGroup(pid, 0); i++) await new Promise((r) => setTimeout(r, 250));
  signalGroup(pid, "SIGKILL");
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
