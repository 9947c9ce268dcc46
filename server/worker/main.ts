import { openDb, migrateDb, resolveDbPath } from "@/db/client";
import { createDriver } from "../clouds/registry";
import { loadSecretKey } from "../secrets";
import { listPollTargets } from "../services/list-poll-targets";
import { pruneHistory, recordHeartbeat } from "../services/record-heartbeat";
import { PollScheduler, type CollectorDeps } from "./collector";

const TICK_MS = 250;
const TARGETS_REFRESH_MS = 5_000;
const HEARTBEAT_MS = 2_000;
const PRUNE_MS = 3_600_000;
const CONCURRENCY = Number(process.env.CLOUDSCOPE_POLL_CONCURRENCY ?? 8);

/** The worker process: polls clouds on their schedules and keeps a heartbeat. */
function main(): void {
  const dbPath = resolveDbPath();
  const db = openDb(dbPath);
  migrateDb(db);
  const key = loadSecretKey(dbPath);
  const deps: CollectorDeps = { db, now: () => new Date(), random: Math.random, createDriver };
  const scheduler = new PollScheduler(deps, CONCURRENCY);
  const startedAt = new Date();
  const workerId = `worker-${process.pid}`;
  let targets = listPollTargets({ db, key });

  const timers = [
    setInterval(() => scheduler.tick(targets), TICK_MS),
    setInterval(() => (targets = listPollTargets({ db, key })), TARGETS_REFRESH_MS),
    setInterval(() => recordHeartbeat({ db, input: { workerId, pid: process.pid, now: new Date(), startedAt } }), HEARTBEAT_MS),
    setInterval(() => pruneHistory({ db, input: { now: new Date() } }), PRUNE_MS),
  ];
  recordHeartbeat({ db, input: { workerId, pid: process.pid, now: startedAt, startedAt } });
  pruneHistory({ db, input: { now: startedAt } });
  console.log(`[worker] polling ${targets.length} clouds (pid ${process.pid})`);

  const stop = () => {
    timers.forEach(clearInterval);
    db.$client.close();
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main();
