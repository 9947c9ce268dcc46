import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { findFreePort } from "@/e2e/free-port";
import { isWebBuildStale } from "@/scripts/web-build";

const NEXT_BIN = path.resolve("node_modules/next/dist/bin/next");

export interface RunningWeb {
  url: string;
  stop(): Promise<void>;
}

/** Builds the web app when .next is missing or older than any source; returns why it could not, or null. */
export function ensureBuild(logFile: string): string | null {
  if (!isWebBuildStale()) return null;
  console.error("[bench] building the web app (missing or stale .next)…");
  const log = fs.openSync(logFile, "a");
  const built = spawnSync(process.execPath, [NEXT_BIN, "build"], { stdio: ["ignore", log, log], env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  fs.closeSync(log);
  return built.status === 0 ? null : `next build failed (exit ${built.status ?? built.signal}); tail of ${logFile}:\n${tail(logFile)}`;
}

/** The web as `npm start` serves it (scripts/serve-web.ts) on a free loopback port, on the bench's database; resolves once /api/ping answers. */
export async function startWeb({ dbPath, databaseUrl = "", logFile }: { dbPath: string; databaseUrl?: string; logFile: string }): Promise<RunningWeb> {
  const port = await findFreePort();
  const log = fs.openSync(logFile, "a");
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/serve-web.ts"], {
    env: { ...process.env, HOST: "127.0.0.1", PORT: String(port), CLOUDSCOPE_DB: dbPath, CLOUDSCOPE_DATABASE_URL: databaseUrl, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", log, log],
    // Its own process group, so stop() also ends any worker next spawns.
    detached: true,
  });
  fs.closeSync(log);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    process.kill(-child.pid!, "SIGTERM");
    const killed = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 5_000))]);
    if (!killed) process.kill(-child.pid!, "SIGKILL");
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the web exited (${child.exitCode}); tail of ${logFile}:\n${tail(logFile)}`);
    try {
      if ((await fetch(`${url}/api/ping`)).ok) return { url, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`the web did not answer /api/ping within 60 s; tail of ${logFile}:\n${tail(logFile)}`);
}

function tail(file: string): string {
  return fs.existsSync(file) ? fs.readFileSync(file, "utf8").slice(-2_000) : "(no log)";
}

/** Signs a demo user in (the pages and tRPC reads need a session) and returns the Cookie header to send. */
export async function signInForBench(url: string, username = "shifter", password = "demo"): Promise<string> {
  const res = await fetch(`${url}/api/auth/sign-in/username`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`signing in ${username}: HTTP ${res.status} ${await res.text()}`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}
