import { openDb, migrateDb, resolveDbPath } from "@/db/client";
import { CHECKPOINT_MS, takeOverCheckpoints } from "./checkpoint";
import { createDriver } from "../clouds/registry";
import { loadSecretKey } from "../secrets";
import { expireLeases } from "../services/claim-action";
import { pruneHistory, recordHeartbeat } from "../services/record-heartbeat";
import { PollScheduler, type CollectorDeps } from "./collector";
import { ActionExecutor, createWorkerId, superviseDrains, type ExecutorDeps } from "./executor";
import { guard } from "./guard";
import { PollTargetSource } from "./poll-targets";

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
  // One id for the heartbeat and the action leases.
  const workerId = createWorkerId();
  const pollTargets = new PollTargetSource({ db, key, now: () => new Date(), log: (line) => console.log(line) });
  let targets = pollTargets.read();
  const executorDeps: ExecutorDeps = {
    db,
    key,
    now: () => new Date(),
    workerId,
    leaseMs: ACTION_LEASE_MS,
    createDriver,
    concurrency: ACTION_CONCURRENCY,
    log: (line) => console.log(line),
  };
  const executor = new ActionExecutor(executorDeps);

  // Every timer body is guarded: one failing pass is logged, and the next one runs.
  const timers = [
    setInterval(guard("collector tick", () => scheduler.tick(targets)), TICK_MS),
    setInterval(guard("reading the clouds to poll", () => (targets = pollTargets.read())), TARGETS_REFRESH_MS),
    setInterval(guard("heartbeat", () => recordHeartbeat({ db, input: { workerId, pid: process.pid, now: new Date(), startedAt } })), HEARTBEAT_MS),
    setInterval(guard("pruning history", () => pruneHistory({ db, input: { now: new Date() } })), PRUNE_MS),
    setInterval(guard("executor (the action resumes when its lease expires)", () => executor.tick()), EXECUTOR_TICK_MS),
    setInterval(guard("drain supervisor", () => superviseDrains(executorDeps)), DRAIN_SUPERVISOR_MS),
    setInterval(guard("WAL checkpoint", checkpoint), CHECKPOINT_MS),
  ];
  recordHeartbeat({ db, input: { workerId, pid: process.pid, now: startedAt, startedAt } });
  pruneHistory({ db, input: { now: startedAt } });
  console.log(`[worker] polling ${targets.length} clouds, executing actions as ${workerId}`);

  const stop = () => {
    timers.forEach(clearInterval);
    expireLeases({ db, input: { workerId, now: new Date() } });
    db.$client.close();
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main();
