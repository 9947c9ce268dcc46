import os from "node:os";
import { closeDb, migrateDb, openDb, resolveDbPath } from "@/db/client";
import { CHECKPOINT_MS, takeOverCheckpoints } from "./checkpoint";
import { createDriver } from "../clouds/driver-registry";
import { loadCloudsConfig, loadQueuesConfig } from "../config/clouds-config";
import { readEnv } from "../config/env";
import { loadSecretKey } from "../secrets";
import { applyCloudsConfig } from "../services/apply-clouds-config";
import { expireLeases } from "../services/claim-action";
import { deliverAlertNotifications } from "../services/deliver-alert-notifications";
import { ensureDefaultAlertRules, evaluateAlertsTick } from "../services/evaluate-alerts";
import { pruneHistory } from "../services/prune-history";
import { archiveEndedVms } from "../services/archive-ended-vms";
import { recordHeartbeat } from "../services/record-heartbeat";
import { releaseLeases } from "../services/work-leases";
import { readListSigning } from "../services/images/endorse-image-version";
import { renewImageLists } from "../services/images/issue-image-lists";
import { PollScheduler, type CollectorDeps } from "./collector";
import { ActionExecutor, createWorkerId, superviseBoots, superviseDrains, type ExecutorDeps } from "./executor";
import { guard } from "./guard";
import { postWebhook } from "./webhook-sender";
import { WORKER_HEARTBEAT_MS, WORKER_LIVE_MS } from "../domain/worker-liveness";
import { WorkLeaseKeeper } from "./poll-leases";
import { PollTargetSource } from "./poll-targets";
import { QueuePoller } from "./queue-poller";
import { upsertQueues } from "../services/upsert-queues";
import { actOnAutoscalePlan } from "../services/act-on-autoscale-plan";

const TICK_MS = 250;
const PRUNE_MS = 3_600_000;
const DRAIN_SUPERVISOR_MS = 5_000;
/** How often launches waiting for their VMs look at the rows the collector keeps (it polls each cloud every minute or so). */
const BOOT_WATCH_MS = 5_000;
const LIST_RENEWAL_MS = 600_000;
/** Each pass moves at most 10,000 ended VMs, 200 per transaction (archiveEndedVms defaults). */
const ARCHIVE_MS = 60_000;
/** How often the worker looks for PanDA queues due a poll (each has its own interval). */
const QUEUE_POLL_TICK_MS = 1_000;
/** Alert rules' "for" durations are a minute or more: a few evaluations within each. */
const ALERTS_MS = 10_000;
const NOTIFY_MS = 5_000;

/** The worker process: polls clouds on their schedules, executes operators' actions, ends drains, keeps a heartbeat. */
async function main(): Promise<void> {
  const env = readEnv();
  /** A worker's clouds pass to the others this long after it stops renewing (it died). */
  const POLL_LEASE_MS = env.CLOUDSCOPE_POLL_LEASE_MS;
  const CONCURRENCY = env.CLOUDSCOPE_POLL_CONCURRENCY;
  /** A worker killed mid-action is replaced once its lease runs out. */
  const ACTION_LEASE_MS = env.CLOUDSCOPE_ACTION_LEASE_MS;
  const ACTION_CONCURRENCY = env.CLOUDSCOPE_ACTION_CONCURRENCY;
  const ACTION_CLOUD_CONCURRENCY = env.CLOUDSCOPE_ACTION_CLOUD_CONCURRENCY;
  const EXECUTOR_TICK_MS = env.CLOUDSCOPE_EXECUTOR_TICK_MS;
  // CLOUDSCOPE_DATABASE_URL picks PostgreSQL, else the SQLite file (synchronous NORMAL: see openDb).
  const db = openDb();
  await migrateDb(db);
  const checkpoint = takeOverCheckpoints(db);
  const key = loadSecretKey(resolveDbPath());
  const configFile = env.CLOUDSCOPE_CONFIG;
  if (configFile) {
    const clouds = loadCloudsConfig(configFile);
    const disabled = await applyCloudsConfig({ db, key, clouds });
    const queues = loadQueuesConfig(configFile);
    await upsertQueues({ db, key, queues });
    console.log(`[worker] ${clouds.length} clouds and ${queues.length} PanDA queues from ${configFile}`);
    if (disabled.length > 0) console.log(`[worker] disabled the demo users ${disabled.join(", ")} and ended their sessions (real clouds configured); create an admin with \`npm run create-admin -- <username>\` if you have none`);
  }
  const startedAt = new Date();
  // One id for the heartbeat, the action leases and the poll leases.
  const workerId = createWorkerId();
  const deps: CollectorDeps = { db, now: () => new Date(), random: Math.random, createDriver, owner: workerId };
  const scheduler = new PollScheduler(deps, CONCURRENCY);
  const leases = new WorkLeaseKeeper({ db, workerId, now: () => new Date(), leaseMs: POLL_LEASE_MS, liveWindowMs: WORKER_LIVE_MS });
  const beat = () => recordHeartbeat({ db, input: { workerId, pid: process.pid, hostname: os.hostname(), now: new Date(), startedAt } });
  // Maintenance runs in one worker at a time: the one holding the maintenance lease.
  const asMaintainer = (body: () => Promise<unknown>) => () => (leases.isMaintainer ? body() : undefined);
  const pollTargets = new PollTargetSource({ db, key, now: () => new Date(), log: (line) => console.log(line) });
  await beat();
  let targets = await pollTargets.read();
  await leases.refresh(targets);
  const executorDeps: ExecutorDeps = {
    db,
    key,
    now: () => new Date(),
    workerId,
    leaseMs: ACTION_LEASE_MS,
    createDriver,
    concurrency: ACTION_CONCURRENCY,
    cloudConcurrency: ACTION_CLOUD_CONCURRENCY,
    log: (line) => console.log(line),
  };
  const executor = new ActionExecutor(executorDeps);
  const queuePoller = new QueuePoller({ db, key, now: () => new Date() });
  const notify = { receivers: env.CLOUDSCOPE_ALERT_WEBHOOKS ?? [], externalUrl: env.BETTER_AUTH_URL ?? `http://localhost:${env.PORT}` };

  // Every timer body is guarded: one failing pass is logged, and the next one runs.
  const timers = [
    setInterval(guard("collector tick", () => scheduler.tick(leases.mine(targets))), TICK_MS),
    setInterval(
      guard("reading the clouds to poll and renewing their leases", async () => {
        targets = await pollTargets.read();
        await leases.refresh(targets);
      }),
      leases.renewEveryMs,
    ),
    setInterval(guard("heartbeat", beat), WORKER_HEARTBEAT_MS),
    setInterval(guard("pruning history", asMaintainer(() => pruneHistory({ db, input: { now: new Date() } }))), PRUNE_MS),
    setInterval(guard("claiming actions", () => executor.tick()), EXECUTOR_TICK_MS),
    setInterval(guard("drain supervisor", asMaintainer(() => superviseDrains(executorDeps))), DRAIN_SUPERVISOR_MS),
    setInterval(guard("boot watch", asMaintainer(() => superviseBoots({ ...executorDeps, bootTimeoutMs: env.CLOUDSCOPE_BOOT_TIMEOUT_MS }))), BOOT_WATCH_MS),
    setInterval(guard("WAL checkpoint", asMaintainer(async () => checkpoint())), CHECKPOINT_MS),
    setInterval(guard("polling PanDA", asMaintainer(() => queuePoller.tick())), QUEUE_POLL_TICK_MS),
    setInterval(
      guard(
        "autoscaler",
        asMaintainer(async () => {
          const { refused } = await actOnAutoscalePlan({ db, tickMs: env.CLOUDSCOPE_AUTOSCALE_TICK_MS });
          for (const line of refused) console.log(`[worker] autoscaler: refused: ${line}`);
        }),
      ),
      env.CLOUDSCOPE_AUTOSCALE_TICK_MS,
    ),
    setInterval(guard("re-signing image lists", asMaintainer(() => renewImageLists({ db, ...readListSigning() }))), LIST_RENEWAL_MS),
    setInterval(guard("archiving ended VMs", asMaintainer(() => archiveEndedVms({ db, input: { now: new Date(), retentionMs: env.CLOUDSCOPE_VM_RETENTION_DAYS * 86_400_000 } }))), ARCHIVE_MS),
    setInterval(guard("evaluating alerts", asMaintainer(() => evaluateAlertsTick({ db, input: { now: new Date(), notify } }))), ALERTS_MS),
    setInterval(guard("sending alert notifications", asMaintainer(() => deliverAlertNotifications({ db, input: { now: new Date(), send: postWebhook } }))), NOTIFY_MS),
  ];
  if (leases.isMaintainer) await pruneHistory({ db, input: { now: startedAt } });
  await ensureDefaultAlertRules({ db, input: { now: startedAt } });
  console.log(`[worker] ${workerId}: polling ${leases.mine(targets).length} of ${targets.length} clouds${leases.isMaintainer ? ", maintenance" : ""}, executing actions`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    timers.forEach(clearInterval);
    try {
      await expireLeases({ db, input: { workerId, now: new Date() } });
      await releaseLeases({ db, input: { workerId } });
      await closeDb(db);
    } catch (err) {
      // Its leases then run out on their own, and another worker resumes the actions.
      console.error("[worker] stopping cleanly failed:", err);
      process.exit(1);
    }
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop());
  process.on("SIGINT", () => void stop());
}

main().catch((err: unknown) => {
  console.error("[worker] failed to start:", err);
  process.exit(1);
});
