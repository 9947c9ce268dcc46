import { connectionOf, queryRows, type Db } from "@/db/client";
import { POLL_RESOURCES, type PollResource } from "@/server/domain/vocabulary";
import { createDriver } from "@/server/clouds/driver-registry";
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
  const targets = await listPollTargets({ db, key });
  const errors = new Set<string>();
  const runPass = async (resources: readonly PollResource[]) => {
    const outcome = await runCollectorPass(deps, targets, { resources, concurrency: CONCURRENCY });
    for (const e of outcome.errors) errors.add(`cloud ${e.cloudId}: ${e.error}`);
    return outcome;
  };
  await runPass(POLL_RESOURCES);
  // As in the worker: checkpoints run on their own timer, between passes, not inside them.
  const checkpoint = takeOverCheckpoints(db);

  const connection = connectionOf(db);
  const countEvents = async () => Number((await queryRows(db, "select count(*) as n from vm_event"))[0]!.n);
  const wall: number[] = [];
  const dbTimes: number[] = [];
  const changed: number[] = [];
  for (let round = 0; round < MEASURED_PASSES; round++) {
    churnFleet(bench.fleet, round);
    await checkpoint();
    const eventsBefore = await countEvents();
    const busyBefore = connection.stats.busyMs;
    const started = performance.now();
    await runPass(["vms"]);
    wall.push(performance.now() - started);
    // The time any of the pass's transactions was open; not the polls' waits in line for one.
    dbTimes.push(connection.stats.busyMs - busyBefore);
    changed.push((await countEvents()) - eventsBefore);
  }
  const changedRows = Math.round(changed.reduce((a, b) => a + b, 0) / changed.length);
  return { pass: summarize(wall), db: summarize(dbTimes), dbBaseline: await measureBareUpdates(db, changedRows), changedRows, errors: [...errors] };
}

/** The floor for a pass's writes: the same number of single-row UPDATEs in one transaction. */
async function measureBareUpdates(db: Db, rows: number): Promise<Percentiles> {
  const connection = connectionOf(db);
  const ids = (await queryRows(db, "select id from vm order by random() limit ?", [rows])).map((r) => Number(r.id));
  // last_seen_at is not compared by reconcile, so touching it leaves the next pass unchanged.
  const updateAll = (at: number) =>
    db.transaction(async () => {
      for (const id of ids) await connection.execute("update vm set last_seen_at = ? where id = ?", [at, id], "run");
    });
  const samples: number[] = [];
  for (let i = 0; i < MEASURED_PASSES + 2; i++) {
    const started = performance.now();
    await updateAll(Date.now());
    if (i >= 2) samples.push(performance.now() - started);
  }
  return summarize(samples);
}
