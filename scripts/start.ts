import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import path from "node:path";
import { createRequire } from "node:module";
import { closeDb, migrateDb, openDb, resolveDbPath } from "../db/client";
import { loadCloudsConfig } from "../server/config/clouds-config";
import { readEnv, type Env } from "../server/config/env";
import { loadSecretKey } from "../server/secrets";
import { DEMO_PASSWORD, ensureDemoUsers } from "../server/services/ensure-demo-users";
import { ensureDemoSiteParams } from "../server/services/ensure-demo-site-params";
import { ensureDemoEndorser } from "../server/services/images/ensure-demo-endorser";
import { ensureDemoImages, type DemoImageCopy } from "../server/services/images/ensure-demo-images";
import { upsertCloud } from "../server/services/upsert-cloud";
import { upsertQueues } from "../server/services/upsert-queues";
import { buildDemoSpecs, goldenImageIdFor, startDemoFleet, type DemoFleet } from "../server/sim/fleet";
import { supervise } from "./supervise";
import { isWebBuildStale } from "./web-build";

/**
 * `npm start`: migrate, configure clouds (the demo fleet unless CLOUDSCOPE_CONFIG names
 * real ones), build the web app if its build is missing or older than the sources,
 * then run worker and web side by side, restarting either if it dies.
 */
const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const dev = process.argv.includes("--dev");

interface Listen {
  port: number;
  host: string;
  /** The address to print and probe: a wildcard host is reached on loopback. */
  localHost: string;
}

function listenAddress(env: Env): Listen {
  // The demo (known logins) listens on this machine only unless HOST says otherwise.
  const host = env.HOST ?? (env.CLOUDSCOPE_CONFIG ? "0.0.0.0" : "127.0.0.1");
  const localHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
  return { port: env.PORT, host, localHost };
}

async function main(): Promise<void> {
  // Before anything starts: a malformed variable stops here, naming it.
  const env = readEnv();
  const listen = listenAddress(env);
  const configFile = env.CLOUDSCOPE_CONFIG;
  process.chdir(root);
  const db = openDb();
  await migrateDb(db);
  const key = loadSecretKey(resolveDbPath());

  let fleet: DemoFleet | null = null;
  if (configFile) {
    loadCloudsConfig(configFile); // a wrong file stops the start here, naming the field; the worker applies it
  } else {
    fleet = await startDemoFleet({
      controlPort: env.CLOUDSCOPE_SIM_CONTROL_PORT,
      specs: buildDemoSpecs(env.CLOUDSCOPE_DEMO_CLOUDS),
      maxBootMs: env.CLOUDSCOPE_DEMO_BOOT_SECONDS * 1_000,
    });
    const goldenCopies: DemoImageCopy[] = [];
    for (const { spec, endpoint } of fleet.clouds) {
      const cloudId = await upsertCloud({
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
      goldenCopies.push({ cloudId, cloudName: spec.name, providerImageId: goldenImageIdFor(spec.kind) });
    }
    // Each demo cloud serves its queue on the fleet's PanDA server, polled as often as the clouds.
    const { panda, clouds } = fleet;
    const queues = panda.queues.map((q) => ({ name: q.name, clouds: clouds.filter((c) => c.spec.queue === q.name).map((c) => c.spec.name), endpoint: panda.url, token: panda.token, timeoutMs: 3_000, pollSec: 10 }));
    await upsertQueues({ db, key, demo: true, queues });
    // The demo's autoscaler plans every 10 s so a policy's effect shows while one watches.
    process.env.CLOUDSCOPE_AUTOSCALE_TICK_MS ??= "10000";
    // Demo logins exist only on the embedded default; real installations use `npm run create-admin`.
    await ensureDemoUsers({ db, password: env.CLOUDSCOPE_DEMO_PASSWORD });
    await ensureDemoSiteParams({ db });
    await ensureDemoEndorser({ db, secretKey: key });
    await ensureDemoImages({ db, copies: goldenCopies });
  }
  await closeDb(db);

  if (!dev && isWebBuildStale(root)) {
    console.log("[start] building the web app (first start or sources changed)…");
    const built = spawnSync(process.execPath, [require.resolve("next/dist/bin/next"), "build"], { stdio: "inherit", env: process.env });
    if (built.status !== 0) throw new Error("next build failed");
  }

  const children = [
    // --import tsx keeps the worker one process, so a kill reaches it (the tsx CLI forks a grandchild).
    supervise("worker", () => spawn(process.execPath, ["--import", "tsx", "server/worker/main.ts"], { stdio: "inherit", env: process.env })),
    supervise("web", () => spawnWeb(listen)),
  ];
  const shutdown = async (code: number) => {
    children.forEach((c) => c.stop("SIGTERM"));
    await fleet?.close();
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));

  await waitForHealth(`http://${listen.localHost}:${listen.port}/api/health`);
  printBanner(env, listen, fleet);
}

/** Next behind our HTTP server (scripts/serve-web.ts), in one process so a kill reaches it. */
function spawnWeb({ host, port }: Listen): ChildProcess {
  const args = ["--import", "tsx", "scripts/serve-web.ts", ...(dev ? ["--dev"] : [])];
  return spawn(process.execPath, args, { stdio: "inherit", env: { ...process.env, HOST: host, PORT: String(port) } });
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

function printBanner(env: Env, { port, host, localHost }: Listen, fleet: DemoFleet | null): void {
  const lines = [
    "",
    `  cloudscope is running: http://${localHost}:${port}${localHost === host ? "" : ` (listening on ${host})`}`,
    fleet
      ? `  demo fleet: ${fleet.clouds.map((c) => c.spec.name).join(", ")} (fault knobs: ${fleet.controlUrl}/clouds)`
      : "  clouds: from CLOUDSCOPE_CONFIG",
    ...(fleet ? describeDemoAccess(fleet) : []),
    fleet
      ? `  sign in as shifter, operator or admin; password: ${env.CLOUDSCOPE_DEMO_PASSWORD === DEMO_PASSWORD ? DEMO_PASSWORD : "(CLOUDSCOPE_DEMO_PASSWORD)"}`
      : "  sign in: create the first admin once with `npm run create-admin -- <username>`",
    `  database: ${env.CLOUDSCOPE_DATABASE_URL ? `PostgreSQL (${redactUrl(env.CLOUDSCOPE_DATABASE_URL)})` : env.CLOUDSCOPE_DB}`,
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
  for (const line of (err instanceof Error ? err.message : String(err)).split("\n")) console.error(`[start] ${line}`);
  process.exit(1);
});
