/**
 * `npm run bench [-- --json] [-- --engine postgres] [-- --only collector,archive]`: on SQLite (default) or a throwaway
 * PostgreSQL cluster (Debian's postgresql), seeds a 50-cloud, 20,000-VM sim fleet and 30 days of
 * samples in a temp dir, then prints each figure beside its bare baseline from the same
 * run. Missed targets are reported, never fatal.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { closeDb, migrateDb, openDb } from "@/db/client";
import { startThrowawayPostgres } from "@/db/testing/throwaway-postgres";
import { loadSecretKey } from "@/server/secrets";
import { ensureDemoUsers } from "@/server/services/ensure-demo-users";
import { ARCHIVED_VMS, measureArchive, seedArchive } from "./archive";
import { measureAutoscalePlan, PLAN_CLOUDS, PLAN_QUEUES, PLAN_VMS } from "./autoscale-plan";
import { measureAlerts, RULE_COUNT } from "./alerts";
import { measureCollector } from "./collector";
import { LIST_SIZE, measureConditionalGets, measureImages } from "./images";
import { CLOUD_COUNT, startBenchFleet, VMS_PER_CLOUD } from "./fleet";
import { buildTrpcQueryUrl, measureRps, type LoadResult } from "./load";
import { CHROMIUM_PATH, hasChromium, measurePageLoad } from "./page-load";
import { measureQueries } from "./queries";
import { formatJson, formatTable, ratioOf, type Figure } from "./report";
import { seedSamples } from "./samples";
import { summarize, type Percentiles } from "./stats";
import { ensureBuild, signInForBench, startWeb } from "./web";

const OVERVIEW_PROCEDURE = "overview.get";
const PAGES = { overview: "/", vms: "/vms", cloud: "/clouds/:id" } as const;

const figures: Figure[] = [];
const notes: string[] = [];
const cleanups: Array<() => unknown> = [];
const began = performance.now();

const maxP95 = (ms: number): Figure["target"] => ({ text: `p95 ≤ ${ms} ms`, met: (f) => f.p95 <= ms });
const belowP95 = (ms: number): Figure["target"] => ({ text: `p95 < ${ms} ms`, met: (f) => f.p95 < ms });
const withinBaseline = (x: number): Figure["target"] => ({ text: `≤ ${x}× baseline`, met: (f) => (ratioOf(f) ?? Infinity) <= x });
const minRps = (rps: number): Figure["target"] => ({ text: `≥ ${rps} req/s`, met: (f) => f.p50 >= rps });

function addMs(name: string, figure: Percentiles, baseline: Percentiles | null, target: Figure["target"]): void {
  figures.push({ name, unit: "ms", ...figure, baseline: baseline?.p50 ?? null, target });
}

function log(message: string): void {
  console.error(`[bench ${((performance.now() - began) / 1_000).toFixed(0).padStart(3)} s] ${message}`);
}

/** `--only collector,archive`: run just those stages (the fleet is always seeded). */
const onlyArg = process.argv.indexOf("--only");
const ONLY = onlyArg >= 0 ? new Set(process.argv[onlyArg + 1]?.split(",")) : null;

async function stage(name: string, fn: () => Promise<void> | void): Promise<void> {
  if (ONLY && !ONLY.has(name)) return;
  try {
    await fn();
  } catch (err) {
    notes.push(`${name} skipped: ${err instanceof Error ? err.message : String(err)}`);
  }
}

async function cleanUp(): Promise<void> {
  for (const fn of cleanups.splice(0).reverse()) {
    try {
      await fn();
    } catch {
      // best effort: the rest must still be stopped
    }
  }
}

async function main(): Promise<void> {
  const json = process.argv.includes("--json");
  const engineArg = process.argv.indexOf("--engine");
  const engine = engineArg >= 0 ? process.argv[engineArg + 1] : "sqlite";
  if (engine !== "sqlite" && engine !== "postgres") throw new Error(`--engine ${engine}: use sqlite or postgres`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cloudscope-bench-"));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  const dbPath = path.join(dir, "bench.db");
  const webLog = path.join(dir, "web.log");

  // Before seeding, so a (re)build never shares the CPU with a measurement.
  const buildProblem = ONLY && !ONLY.has("web") ? "not asked for (--only)" : ensureBuild(webLog);
  if (buildProblem) notes.push(`overview.rps and page loads skipped: ${buildProblem}`);

  let databaseUrl = "";
  if (engine === "postgres") {
    const server = await startThrowawayPostgres();
    cleanups.push(() => server.stop());
    databaseUrl = server.url;
  }
  log(`engine: ${engine}`);
  notes.push(`engine: ${engine}`);
  const db = openDb({ url: databaseUrl, file: dbPath });
  cleanups.push(() => closeDb(db));
  await migrateDb(db);
  const key = loadSecretKey(dbPath);

  log(`seeding ${CLOUD_COUNT} sim clouds × ${VMS_PER_CLOUD} VMs`);
  const bench = await startBenchFleet({ db, key });
  cleanups.push(() => bench.fleet.close());
  const now = new Date(bench.clock.now());

  await stage("collector", async () => {
    log("collector: first pass loads the fleet, then 10 passes at 5% churn");
    const c = await measureCollector({ db, key, bench });
    addMs("collector.pass", c.pass, null, null);
    addMs("collector.db", c.db, c.dbBaseline, maxP95(engine === "postgres" ? 150 : 100));
    notes.push(`collector.db: time at least one of the pass's transactions was open (overlapping ones counted once); baseline: ${c.changedRows} single-row UPDATEs in one transaction (rows changed per pass)`);
    if (c.errors.length > 0) notes.push(`collector errors: ${c.errors.slice(0, 5).join("; ")}`);
  });

  await stage("samples", async () => {
    const started = performance.now();
    const rows = await seedSamples(db, bench.cloudIds, now.getTime());
    log(`samples: ${rows.toLocaleString("en")} minute rows + hourly rollups in ${((performance.now() - started) / 1_000).toFixed(1)} s`);
  });

  await stage("archive", async () => {
    const started = performance.now();
    await seedArchive(db, bench.cloudIds, now.getTime());
    log(`archive: ${ARCHIVED_VMS.toLocaleString("en")} archived VMs in ${((performance.now() - started) / 1_000).toFixed(1)} s; export and VM page`);
    const a = await measureArchive(db);
    addMs("export.csv.first-rows", a.exportFirstRows, null, belowP95(200));
    addMs("export.csv.total", a.exportTotal, null, belowP95(2_000));
    addMs("vm.page.hot", a.vmPageHot, null, belowP95(10));
    addMs("vm.page.archived", a.vmPageArchived, null, belowP95(10));
    notes.push(
      `archive: ${ARCHIVED_VMS.toLocaleString("en")} VMs in vm_archive from here on (vms.page below reads the hot table beside them); export.csv.*: streamExport of the live VMs (${a.exportRows.toLocaleString("en")} rows) to its first batch of rows and to its end; vm.page.*: getVm of a hot and of an archived VM`,
    );
  });

  await stage("queries", async () => {
    log("read services vs bare SQL");
    const q = await measureQueries(db, now);
    addMs("overview", q.overview.figure, q.overview.baseline, withinBaseline(2));
    addMs("vms.page", q.vmsPage.figure, q.vmsPage.baseline, withinBaseline(2));
    addMs("chart.30d", q.chart30d.figure, q.chart30d.baseline, maxP95(50));
    addMs("chart.30d.minutes", q.chart30dFromMinutes, q.chart30d.baseline, null);
    notes.push("chart.30d.minutes: the same chart bucketed from raw sample_minute rows (context: what the rollups save)");
    notes.push(...q.mismatches.map((m) => `answers differ: ${m}`));
  });

  await stage("autoscale plan", async () => {
    log(`autoscale plan: ${PLAN_QUEUES} queues × ${PLAN_CLOUDS} clouds × ${PLAN_VMS} VMs`);
    const p = await measureAutoscalePlan();
    addMs("autoscale.plan", p.plan, p.baseline, belowP95(50));
    notes.push(`autoscale.plan: planAutoscaling over ${PLAN_QUEUES} queues × ${PLAN_CLOUDS} clouds × ${PLAN_VMS.toLocaleString("en")} VMs (${p.decisions} decisions); baseline: grouping the same VMs by queue`);
  });

  await stage("alerts", async () => {
    log(`alert tick (${bench.cloudIds.length} clouds × ${RULE_COUNT} rules) and /api/metrics vs bare SQL`);
    const a = await measureAlerts(db, bench.cloudIds, now);
    addMs("alerts.tick", a.tick, a.tickBaseline, belowP95(20));
    addMs("metrics.scrape", a.metrics, a.metricsBaseline, belowP95(50));
    notes.push("alerts.tick: reads every cloud's signals and evaluates the rules, without writes; its baseline reads the same tables fleet-wide in three bare queries");
    notes.push(...a.mismatches.map((m) => `answers differ: ${m}`));
  });

  await stage("images", async () => {
    log(`image lists: sign ${LIST_SIZE} versions, verify and import ${LIST_SIZE} images, hash 1 GiB`);
    const im = await measureImages({ db, dir });
    addMs("images.list.sign", im.signList, null, belowP95(50));
    addMs("images.list.import", im.importList, null, belowP95(200));
    notes.push(`images.list.*: build + sign (S/MIME, RSA 2048, SHA-256) and store the production list of ${LIST_SIZE} versions; verify + parse + import another endorser's signed list of ${LIST_SIZE} images (${im.listBytes.toLocaleString("en")} bytes)`);
    if (im.hashMbps) {
      figures.push({ name: "images.hash.1GiB", unit: "MB/s", p50: im.hashMbps.ours, p95: im.hashMbps.ours, baseline: im.hashMbps.sha512sum, target: { text: "≥ 80% of sha512sum", met: (f) => f.p50 >= 0.8 * (f.baseline ?? Infinity) } });
      figures.push({ name: "images.store.1GiB", unit: "MB/s", p50: im.hashMbps.store, p95: im.hashMbps.store, baseline: im.hashMbps.sha512sum, target: null });
      notes.push("images.hash.1GiB: reading a 1 GiB file through the product's hasher (SHA-512 here, SHA-256 on a second thread); images.store.1GiB: the whole store of an upload (hashes plus the copy written under a temporary name); baseline is sha512sum on the same file, median of 3 alternated runs");
    }
  });

  if (!buildProblem) {
    await stage("web", async () => {
      log("next start: req/s and page loads");
      await ensureDemoUsers({ db });
      const web = await startWeb({ dbPath, databaseUrl, logFile: webLog });
      cleanups.push(() => web.stop());
      // Every read needs a session: measure as a signed-in shifter (the session lookup is part of the cost).
      const cookie = await signInForBench(web.url);
      const ping = await measureRps(`${web.url}/api/ping`);
      const overview = await measureRps(buildTrpcQueryUrl(web.url, OVERVIEW_PROCEDURE, undefined), { headers: { cookie } });
      addRps("overview.rps", overview, ping);
      const list = await measureConditionalGets(`${web.url}/api/image-lists/production`);
      const staticFile = await measureConditionalGets(`${web.url}/demo-images/cernvm-4-demo.raw`, { headers: { cookie } });
      addMs("images.list.get.unchanged", list, staticFile, belowP95(5));
      notes.push(`images.list.get.unchanged: GET /api/image-lists/production with If-None-Match (HTTP ${list.status}), one at a time; baseline: the same for a static file of public/ (HTTP ${staticFile.status})`);
      if (!hasChromium()) {
        notes.push(`page loads skipped: no Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium, or set CHROMIUM_PATH)`);
        return;
      }
      const baseline = await measurePageLoad(`${web.url}/api/ping`);
      for (const [name, route] of Object.entries(PAGES)) {
        const load = await measurePageLoad(`${web.url}${route.replace(":id", String(bench.cloudIds[0]))}`, { cookie });
        if (load.failure) notes.push(`page.load.${name}: ${load.failure}`);
        addMs(`page.load.${name}`, summarize(load.samples), summarize(baseline.samples), belowP95(1_000));
      }
      notes.push("page loads: navigation start to load event in a freshly launched Chromium, 3 runs each; baseline is /api/ping loaded the same way");
    });
  }
  await cleanUp();
  log("done");

  console.log(formatTable(figures, notes));
  if (json) console.log(formatJson(figures));
}

function addRps(name: string, result: LoadResult, baseline: LoadResult): void {
  figures.push({ name, unit: "req/s", p50: result.rps, p95: result.rps, baseline: baseline.rps, target: minRps(1_000) });
  for (const [label, r] of [[name, result], ["/api/ping", baseline]] as const) {
    if (r.failed > 0) notes.push(`${label}: ${r.failed} of ${r.ok + r.failed} requests failed; first: ${r.firstFailure}`);
  }
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
}

main().catch(async (err: unknown) => {
  await cleanUp();
  console.error(`[bench] ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exitCode = 1;
});
