import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { findFreePort } from "../e2e/free-port";
import { isWebBuildStale } from "./web-build";

const root = path.resolve(__dirname, "..");
const STALE_REASON = "NOT RUN: the web app is not built or older than its sources (run `npm run build`); the restart of a killed web process is untested";

async function until<T>(what: string, deadlineMs: number, probe: () => Promise<T | undefined> | T | undefined, log: () => string): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} did not happen; console output:\n${log().slice(-4000)}`);
}

async function pingAnswers(url: string): Promise<true | undefined> {
  try {
    return (await fetch(`${url}/api/ping`)).status === 200 || undefined;
  } catch {
    return undefined;
  }
}

it("npm start restarts a web process that was killed", { timeout: 240_000 }, async ({ skip }) => {
  if (isWebBuildStale(root)) {
    console.warn(`[start-supervision.test] ${STALE_REASON}`);
    skip(STALE_REASON);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cloudscope-supervision-"));
  const [port, controlPort] = [await findFreePort(), await findFreePort()];
  let output = "";
  // Detached: start.ts leads its own process group, so one kill ends it, the fleet, worker and web.
  const console_ = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    cwd: root,
    env: { ...process.env, CLOUDSCOPE_DATABASE_URL: "", CLOUDSCOPE_CONFIG: "", CLOUDSCOPE_DB: path.join(dir, "cloudscope.db"), PORT: String(port), CLOUDSCOPE_SIM_CONTROL_PORT: String(controlPort) },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  console_.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  console_.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const webPids = () => [...output.matchAll(/\[start\] web started \(pid (\d+)\)/g)].map((m) => Number(m[1]));
  try {
    await until("the console answering /api/ping", 180_000, () => pingAnswers(url), () => output);
    const [first] = webPids();
    expect(first).toBeGreaterThan(0);

    process.kill(first!, "SIGKILL");
    await until("/api/ping failing once the web process is gone", 10_000, async () => ((await pingAnswers(url)) ? undefined : true), () => output);
    await until("the web exit being logged", 10_000, () => (output.includes("[start] web exited (SIGKILL); restarting in 1 s") ? true : undefined), () => output);
    const second = await until("a new web process", 10_000, () => webPids()[1], () => output);
    expect(second).not.toBe(first);
    await until("/api/ping answering again", 60_000, () => pingAnswers(url), () => output);
    expect(console_.exitCode).toBeNull();
  } finally {
    try {
      process.kill(-console_.pid!, "SIGKILL");
    } catch {
      // already gone
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
