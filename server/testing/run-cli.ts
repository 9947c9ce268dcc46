import { execFile } from "node:child_process";
import { accessSync, constants, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll } from "vitest";

/** Runs a cloud's standard command-line client (the Debian package) the way a user would. */

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The client's path, Debian's own first (a pyenv or pip copy elsewhere on PATH may differ).
 * Missing in CI is a failure that names the package; elsewhere the caller skips, loudly.
 */
export function locateCli(name: string, debianPackage: string): string | null {
  const dirs = ["/usr/bin", ...(process.env.PATH ?? "").split(":").filter(Boolean)];
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  const advice = `\`${name}\` is not installed: apt-get install ${debianPackage} (.ci/run installs it)`;
  if (process.env.CI) throw new Error(advice);
  console.warn(`\n*** SKIPPING the ${name} client tests: ${advice} ***\n`);
  return null;
}

/** A clean environment: no proxies, a fresh HOME removed after the suite. Call it while tests are collected. */
export function cleanEnv(): Record<string, string> {
  const home = mkdtempSync(path.join(tmpdir(), "cloudscope-cli-"));
  afterAll(() => rmSync(home, { recursive: true, force: true }));
  return { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: home, LANG: "C.UTF-8" };
}

export function runCli(bin: string, args: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(bin, args, { env: { NODE_ENV: "test", ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs the client and parses its JSON output; a failure shows the client's own words. */
export async function runCliJson(bin: string, args: string[], env: Record<string, string>): Promise<unknown> {
  const result = await runCli(bin, args, env);
  if (result.code !== 0) throw new Error(`${path.basename(bin)} ${args.join(" ")} exited ${result.code}:\n${result.stderr}${result.stdout}`);
  return result.stdout.trim() === "" ? null : JSON.parse(result.stdout);
}
