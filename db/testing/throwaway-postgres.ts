import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export interface ThrowawayPostgres {
  /** `postgres://…/postgres` on a free loopback port. */
  url: string;
  stop(): void;
}

/**
 * A PostgreSQL cluster of its own for a test run: initdb into a temporary folder, started
 * on a free port as an unprivileged user (initdb refuses root), without fsync, and removed
 * on stop. Needs Debian's postgresql package (`.ci/run` installs it when missing).
 */
export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const bin = findPostgresBin();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cloudscope-pg-"));
  const data = path.join(dir, "data");
  const owner = process.getuid?.() === 0 ? unprivilegedUser() : null;
  if (owner) fs.chownSync(dir, owner.uid, owner.gid);
  const run = (command: string, args: string[]) => {
    const result = spawnSync(path.join(bin, command), args, { uid: owner?.uid, gid: owner?.gid, encoding: "utf8", cwd: dir });
    if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr || result.stdout || result.error?.message}`);
  };
  run("initdb", ["-D", data, "-U", "cloudscope", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"]);
  const port = await findFreePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300`;
  run("pg_ctl", ["-D", data, "-o", options, "-l", path.join(dir, "server.log"), "-w", "-t", "60", "start"]);
  return {
    url: `postgres://cloudscope@127.0.0.1:${port}/postgres`,
    stop() {
      spawnSync(path.join(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "stop"], { uid: owner?.uid, gid: owner?.gid });
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function findPostgresBin(): string {
  const override = process.env.CLOUDSCOPE_PG_BIN;
  if (override) return override;
  const root = "/usr/lib/postgresql";
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, "bin", "initdb"))) : [];
  if (versions.length === 0) throw new Error("PostgreSQL server binaries not found: apt-get install postgresql (or set CLOUDSCOPE_PG_BIN)");
  return path.join(root, versions.sort((a, b) => Number(b) - Number(a))[0]!, "bin");
}

function unprivilegedUser(): { uid: number; gid: number } {
  for (const name of ["postgres", "nobody"]) {
    try {
      const uid = Number(execFileSync("id", ["-u", name], { encoding: "utf8" }).trim());
      const gid = Number(execFileSync("id", ["-g", name], { encoding: "utf8" }).trim());
      return { uid, gid };
    } catch {
      // try the next
    }
  }
  throw new Error("running as root, and neither a postgres nor a nobody user exists to run PostgreSQL as");
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
