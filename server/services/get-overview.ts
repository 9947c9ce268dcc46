import { and, count, eq, gte } from "drizzle-orm";
import type { Db } from "@/db/client";
import { pollState, vm } from "@/db/schema";
import { CLOUD_STATUSES, type CloudStatus, VM_STATES } from "@/server/domain/vocabulary";
import { listClouds } from "./list-clouds";
import { memoizeFor } from "./lib/memoize-for";
import { listQuotaUseByCloud } from "./lib/quota-use";
import { createEmptyTally, tallyVmsByCloud, type VmTally } from "./lib/vm-tally";
import { POLL_STATUS_COLUMNS } from "./read-health-input";

export interface VmPollInfo {
  lastAttemptAt: Date | null;
  lastSuccessAt: Date | null;
  lastLatencyMs: number | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  consecutiveFailures: number;
}

/** The window of the overview's "terminated in the last 24 h", instead of an all-time count that only grows. */
export const RECENTLY_TERMINATED_MS = 24 * 3_600_000;

/** Everything the Overview needs in one read: fleet totals and one card per cloud. */
export async function getOverview({ db, now = new Date() }: { db: Db; now?: Date }) {
  const [clouds, tallies, quotas, vmPolls, terminated] = await Promise.all([
    listClouds({ db }),
    tallyVmsByCloud(db),
    listQuotaUseByCloud(db),
    db
      .select({ cloudId: pollState.cloudId, ...POLL_STATUS_COLUMNS })
      .from(pollState)
      .where(eq(pollState.resource, "vms")),
    // A terminated VM changes state no more, so its state_changed_at (indexed) is when it ended.
    db
      .select({ n: count() })
      .from(vm)
      .where(and(eq(vm.state, "terminated"), gte(vm.stateChangedAt, new Date(now.getTime() - RECENTLY_TERMINATED_MS)))),
  ]);
  const pollByCloud = new Map<number, VmPollInfo>(vmPolls.map(({ cloudId, ...poll }) => [cloudId, poll]));

  const cards = clouds.map((c) => {
    const tally = tallies.get(c.id) ?? createEmptyTally();
    return {
      ...c,
      ...tally,
      quotas: quotas.get(c.id) ?? [],
      lastVmPoll: pollByCloud.get(c.id) ?? null,
    };
  });

  return { totals: { ...sumTotals(cards), terminatedLastDay: terminated[0]?.n ?? 0 }, clouds: cards };
}

function sumTotals(cards: Array<VmTally & { status: CloudStatus }>) {
  const totals = createEmptyTally();
  const cloudsByStatus = Object.fromEntries(CLOUD_STATUSES.map((s) => [s, 0])) as Record<CloudStatus, number>;
  for (const card of cards) {
    for (const state of VM_STATES) totals.counts[state] += card.counts[state];
    totals.live += card.live;
    totals.stale += card.stale;
    totals.onDoubtfulImages += card.onDoubtfulImages;
    cloudsByStatus[card.status] += 1;
  }
  return { ...totals, clouds: cards.length, cloudsByStatus };
}

export type Overview = Awaited<ReturnType<typeof getOverview>>;

/** Pages refresh every few seconds; a second of staleness is invisible and spares the database. */
export const OVERVIEW_MAX_AGE_MS = 1_000;

const recentOverviews = new WeakMap<Db, () => Promise<Overview>>();

/** The overview at most OVERVIEW_MAX_AGE_MS old, computed once per process however many ask at once. */
export function getRecentOverview({ db }: { db: Db }): Promise<Overview> {
  let get = recentOverviews.get(db);
  if (!get) recentOverviews.set(db, (get = memoizeFor(OVERVIEW_MAX_AGE_MS, () => getOverview({ db }))));
  return get();
}
export type CloudCardData = Overview["clouds"][number];
