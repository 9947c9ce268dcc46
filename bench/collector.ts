import type { Db } from "@/db/client";
import { POLL_RESOURCES, type PollResource } from "@/db/schema";
import { createDriver } from "@/server/clouds/registry";
import { listPollTargets } from "@/server/services/list-poll-targets";
import { takeOverCheckpoints } from "@/server/worker/checkpoint";
import { runCollectorPass, type CollectorDeps } from "@/server/worker/collector";
import { churnFleet, type BenchFleet } from "./fleet";
import { summarize, type Percentiles } from "./stats";

const MEASURED_PASSES = 10;
/** The worker's default poll concurrency. */
const CONCURRENCY = 8;

export interface CollectorFigures {
  pass: Percentiles;
  db: Percentiles;
  dbBaseline: Percentiles;
  /** Rows inserted or changed per measured pass (one vm_event each). */
  changedRows: number;
  errors: string[];
}

/**
 * One unmeasured pass of every resource loads the fleet (with the flavors, images and
 * quotas the read pages join); then each measured VM pass follows a 5% churn.
 */
export async function measureCollector({ db, key, bench }: { db: Db; key: Buffer; bench: BenchFleet }): Promise<CollectorFigures> {
  const deps: CollectorDeps = { db, now: () => new Date(bench.clock.now()), random: () => 0.5, createDriver };
  const targets = listPollTargets({ db, key });
  const errors = new Set<string>();
  const runPass = async (resources: readonly PollResource[]) => {
    const outcome = await runCollectorPass(deps, targets, { resources, concurrency: CONCURRENCY });
    for (const e of outcome.errors) errors.add(`cloud ${e.cloudId}: ${e.error}`);
    return outcome;
  };
  await runPass(POLL_RESOURCES);
  // As in the worker: checkpoints run on their own timer, between passes, not inside them.
  const checkpoint = takeOverCheckpoints(db);

  const countEvents = db.$client.prepare("select count(*) as n from vm_event").pluck();
  const wall: number[] = [];
  const dbTimes: number[] = [];
  const changed: number[] = [];
  for (let round = 0; round < MEASURED_PASSES; round++) {
    churnFleet(bench.fleet, round);
    checkpoint();
    const eventsBefore = countEvents.get() as number;
    const started = performance.now();
    const { results, errors: failed } = await runPass(["vms"]);
    wall.push(performance.now() - started);
    dbTimes.push([...results, ...failed].reduce((sum, o) => sum + o.dbMs, 0));
    changed.push((countEvents.get() as number) - eventsBefore);
  }
  const changedRows = Math.round(changed.reduce((a, b) => a + b, 0) / changed.length);
  return { pass: summarize(wall), db: summarize(dbTimes), dbBaseline: measureBareUpdates(db, changedRows), changedRows, errors: [...errors] };
}

/** The floor for a pass's writes: the same number of single-row UPDATEs in one transaction. */
function measureBareUpdates(db: Db, rows: number): Percentiles {
  const sqlite = db.$client;
  const ids = sqlite.prepare("select id from vm order by random() limit ?").pluck().all(rows) as number[];
  // last_seen_at is not compared by reconcile, so touching it leaves the next pass unchanged.
  const update = sqlite.prepare("update vm set last_seen_at = ? where id = ?");
  const updateAll = sqlite.transaction((at: number) => {
    for (const id of ids) update.run(at, id);
  });
  const samples: number[] = [];
  for (let i = 0; i < MEASURED_PASSES + 2; i++) {
    const started = performance.now();
    updateAll(Date.now());
    if (i >= 2) samples.push(performance.now() - started);
  }
  return summarize(samples);
}
