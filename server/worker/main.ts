import { openDb, migrateDb, resolveDbPath } from "@/db/client";
import { CHECKPOINT_MS, takeOverCheckpoints } from "./checkpoint";
import { createDriver } from "../clouds/registry";
import { loadSecretKey } from "../secrets";
import { expireLeases } from "../services/claim-action";
import { listPollTargets } from "../services/list-poll-targets";
import { pruneHistory, recordHeartbeat } from "../services/record-heartbeat";
import { PollScheduler, type CollectorDeps } from "./collector";
import { ActionExecutor, createWorkerId, superviseDrains, type ExecutorDeps } from "./executor";

const TICK_MS = 250;
const TARGETS_REFRESH_MS = 5_000;
const HEARTBEAT_MS = 2_000;
const PRUNE_MS = 3_600_000;
const CONCURRENCY = Number(process.env.CLOUDSCOPE_POLL_CONCURRENCY ?? 8);
/** A worker killed mid-action is replaced once its lease runs out. */
const ACTION_LEASE_MS = Number(process.env.CLOUDSCOPE_ACTION_LEASE_MS ?? 60_000);
const ACTION_CONCURRENCY = Number(process.env.CLOUDSCOPE_ACTION_CONCURRENCY ?? 4);
const EXECUTOR_TICK_MS = Number(process.env.CLOUDSCOPE_EXECUTOR_TICK_MS ?? 500);
const DRAIN_SUPERVISOR_MS = 5_000;

/** The worker process: polls clouds on their schedules, executes operators' actions, ends drains, keeps a heartbeat. */
function main(): void {
  const dbPath = resolveDbPath();
  const db = openDb(dbPath);
  migrateDb(db);
  const checkpoint = takeOverCheckpoints(db);
  const key = loadSecretKey(dbPath);
  const deps: CollectorDeps = { db, now: () => new Date(), random: Math.random, createDriver };
  const scheduler = new PollScheduler(deps, CONCURRENCY);
  const startedAt = new Date();
  const workerId = `worker-${process.pid}`;
  let targets = listPollTargets({ db, key });
  const executorDeps: ExecutorDeps = {
    db,
    key,
    now: () => new Date(),
    workerId: createWorkerId(),
    leaseMs: ACTION_LEASE_MS,
    createDriver,
    concurrency: ACTION_CONCURRENCY,
    log: (line) => console.log(line),
  };
  const executor = new ActionExecutor(executorDeps);
  const runExecutor = () => void executor.tick().catch((err: unknown) => console.error("[executor] failed; the action resumes when its lease expires:", err));
  const endDrains = () => {
    try {
      superviseDrains(executorDeps);
    } catch (err) {
      console.error("[executor] drain supervisor failed:", err);
    }
  };

  const timers = [
    setInterval(() => scheduler.tick(targets), TICK_MS),
    setInterval(() => (targets = listPollTargets({ db, key })), TARGETS_REFRESH_MS),
    setInterval(() => recordHeartbeat({ db, input: { workerId, pid: process.pid, now: new Date(), startedAt } }), HEARTBEAT_MS),
    setInterval(() => pruneHistory({ db, input: { now: new Date() } }), PRUNE_MS),
    setInterval(runExecutor, EXECUTOR_TICK_MS),
    setInterval(endDrains, DRAIN_SUPERVISOR_MS),
    setInterval(checkpoint, CHECKPOINT_MS),
  ];
  recordHeartbeat({ db, input: { workerId, pid: process.pid, now: startedAt, startedAt } });
  pruneHistory({ db, input: { now: startedAt } });
  console.log(`[worker] polling ${targets.length} clouds, executing actions as ${executorDeps.workerId} (pid ${process.pid})`);

  const stop = () => {
    timers.forEach(clearInterval);
    expireLeases({ db, input: { workerId: executorDeps.workerId, now: new Date() } });
    db.$client.close();
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main();
