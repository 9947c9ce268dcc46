import fs from "node:fs";
import path from "node:path";

/** Stops the console started by global-setup, with its whole process group, and removes its throwaway folder. */
export default async function globalTeardown(): Promise<void> {
  const pid = Number(process.env.CLOUDSCOPE_E2E_PID);
  if (!pid) return;
  signalGroup(pid, "SIGTERM");
  for (let i = 0; i < 40 && signalGroup(pid, 0); i++) await new Promise((r) => setTimeout(r, 250));
  signalGroup(pid, "SIGKILL");
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
