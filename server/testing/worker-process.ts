import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

const repoRoot = path.resolve(__dirname, "../..");

/**
 * Real worker processes for crash tests: node itself with tsx's loader, so the pid is the
 * worker's (the tsx CLI would run it in a grandchild that outlives a SIGKILL). Their output
 * is kept for the failure message of `waitFor`.
 */
export class WorkerProcesses {
  readonly started: ChildProcess[] = [];
  private readonly output: string[] = [];

  constructor(private readonly env: () => Record<string, string>) {}

  start(): ChildProcess {
    const child = spawn(process.execPath, ["--import", "tsx", "server/worker/main.ts"], {
      cwd: repoRoot,
      env: { ...process.env, ...this.env() },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout!.on("data", (d: Buffer) => this.output.push(d.toString()));
    child.stderr!.on("data", (d: Buffer) => this.output.push(d.toString()));
    this.started.push(child);
    return child;
  }

  /** Polls `read` until it gives a value; on timeout, fails with what the workers printed. */
  async waitFor<T>(what: string, read: () => Promise<T | null | undefined | false>, timeoutMs: number, everyMs = 50): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}\n--- worker output ---\n${this.output.join("").slice(-6000)}`);
      await new Promise((r) => setTimeout(r, everyMs));
    }
  }

  async stopAll(): Promise<void> {
    for (const w of this.started) if (w.exitCode === null && w.signalCode === null) w.kill("SIGKILL");
    await Promise.all(this.started.map(exited));
  }
}

export function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once("exit", () => r()));
}
