import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import path from "node:path";
import { createRequire } from "node:module";
import { closeDb, migrateDb, openDb, resolveDbPath } from "../db/client";
import { readTrustedProxyHops } from "../server/auth/client-ip";
import { loadCloudsConfig } from "../server/config/clouds-config";
import { loadSecretKey } from "../server/secrets";
import { DEMO_PASSWORD, ensureDemoUsers } from "../server/services/ensure-demo-users";
import { ensureDemoSiteParams } from "../server/services/ensure-demo-site-params";
import { upsertCloud } from "../server/services/upsert-cloud";
import { startDemoFleet, type DemoFleet } from "../server/sim/fleet";
import { isWebBuildStale } from "./web-build";

/**
 * `npm start`: migrate, configure clouds (the demo fleet unless CLOUDSCOPE_CONFIG names
 * real ones), build the web app if its build is missing or older than the sources,
 * then run worker and web side by side, restarting the worker if it dies.
 */
const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT ?? 3000);
const configFile = process.env.CLOUDSCOPE_CONFIG;
// The demo (known logins) listens on this machine only unless HOST says otherwise.
const host = process.env.HOST || (configFile ? "0.0.0.0" : "127.0.0.1");
const localHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;

async function main(): Promise<void> {
  process.chdir(root);
  readTrustedProxyHops(); // a malformed CLOUDSCOPE_TRUSTED_PROXIES fails here, not on the first sign-in
  const db = openDb();
  await migrateDb(db);
  const key = loadSecretKey(resolveDbPath());

  let fleet: DemoFleet | null = null;
  if (configFile) {
    loadCloudsConfig(configFile); // a wrong file stops the start here, naming the field; the worker applies it
  } else {
    fleet = await startDemoFleet({ controlPort: Number(process.env.CLOUDSCOPE_SIM_CONTROL_PORT ?? 0) });
    for (const { spec, endpoint } of fleet.clouds) {
      await upsertCloud({
        db,
        key,
        input: {
          name: spec.name,
          kind: spec.kind,
          endpoint: endpoint.url,
          region: endpoint.region ?? undefined,
          credentials: endpoint.credentials,
          costPerCoreHour: spec.costPerCoreHour,
          // The demo polls every few seconds so the console visibly lives.
          pollVmsSec: 5,
          pollLimitsSec: 10,
          pollImagesSec: 60,
          timeoutMs: 3_000,
          demo: true,
        },
      });
    }
    // Demo logins exist only on the embedded default; real installations use `npm run create-admin`.
    await ensureDemoUsers({ db, password: process.env.CLOUDSCOPE_DEMO_PASSWORD || DEMO_PASSWORD });
    await ensureDemoSiteParams({ db });
  }
  await closeDb(db);

  if (!dev && isWebBuildStale(root)) {
    console.log("[start] building the web app (first start or sources changed)…");
    const built = spawnSync(process.execPath, [require.resolve("next/dist/bin/next"), "build"], { stdio: "inherit", env: process.env });
    if (built.status !== 0) throw new Error("next build failed");
  }

  const children: ChildProcess[] = [];
  let stopping = false;
  const startWorker = () => {
    // --import tsx keeps the worker one process, so a kill reaches it (the tsx CLI forks a grandchild).
    const worker = spawn(process.execPath, ["--import", "tsx", "server/worker/main.ts"], { stdio: "inherit", env: process.env });
    worker.on("exit", (code, signal) => {
      if (stopping) return;
      console.error(`[start] worker exited (${signal ?? code}); restarting in 1 s`);
      setTimeout(() => children.splice(children.indexOf(worker), 1, startWorker()), 1_000);
    });
    children.push(worker);
    return worker;
  };
  startWorker();
  const web = spawn(process.execPath, [require.resolve("next/dist/bin/next"), dev ? "dev" : "start", "-H", host, "-p", String(port)], { stdio: "inherit", env: process.env });
  children.push(web);
  web.on("exit", (code) => {
    if (!stopping) void shutdown(code ?? 1);
  });

  const shutdown = async (code: number) => {
    stopping = true;
    children.forEach((c) => c.kill("SIGTERM"));
    await fleet?.close();
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));

  await waitForHealth(`http://${localHost}:${port}/api/health`);
  printBanner(fleet);
}

async function waitForHealth(url: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    try {
      const res = await fetch(url);
      if (res.status === 200 || res.status === 503) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Where and as whom the openstack and aws clients (or OpenNebula's, or curl) reach each demo cloud. */
function describeDemoAccess(fleet: DemoFleet): string[] {
  const lines = fleet.clouds.map(({ spec, endpoint }) => {
    const secrets = Object.values(endpoint.credentials).slice(0, 2).join(" / ");
    return `    ${spec.name.padEnd(17)} ${spec.kind.padEnd(10)} ${endpoint.url}${endpoint.region ? ` (${endpoint.region})` : ""}  ${secrets}`;
  });
  const example = `${fleet.controlUrl}/clouds/${encodeURIComponent(fleet.clouds[0]?.spec.name ?? "")}/client`;
  return [`  demo clouds for your own tools (settings to source: curl -s '${example}'):`, ...lines];
}

function printBanner(fleet: DemoFleet | null): void {
  const lines = [
    "",
    `  cloudscope is running: http://${localHost}:${port}${localHost === host ? "" : ` (listening on ${host})`}`,
    fleet
      ? `  demo fleet: ${fleet.clouds.map((c) => c.spec.name).join(", ")} (fault knobs: ${fleet.controlUrl}/clouds)`
      : "  clouds: from CLOUDSCOPE_CONFIG",
    ...(fleet ? describeDemoAccess(fleet) : []),
    fleet
      ? `  sign in as shifter, operator or admin; password: ${process.env.CLOUDSCOPE_DEMO_PASSWORD ? "(CLOUDSCOPE_DEMO_PASSWORD)" : DEMO_PASSWORD}`
      : "  sign in: create the first admin once with `npm run create-admin -- <username>`",
    `  database: ${process.env.CLOUDSCOPE_DATABASE_URL ? `PostgreSQL (${redactUrl(process.env.CLOUDSCOPE_DATABASE_URL)})` : resolveDbPath()}`,
    "",
  ];
  console.log(lines.join("\n"));
}

/** The database address without its password, for the banner. */
function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparsable CLOUDSCOPE_DATABASE_URL)";
  }
}

main().catch((err: unknown) => {
  console.error(`[start] ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
