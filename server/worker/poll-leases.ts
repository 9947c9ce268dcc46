import type { Db } from "@/db/client";
import type { PollTarget } from "../services/list-poll-targets";
import { holdLease, keepPollLeases, MAINTENANCE_LEASE } from "../services/work-leases";

export interface LeaseKeeperDeps {
  db: Db;
  workerId: string;
  now: () => Date;
  /** How long a lease lasts unrenewed; renewed every third of it. */
  leaseMs: number;
  /** A worker whose heartbeat is older than this no longer counts in the fair share. */
  liveWindowMs: number;
}

/**
 * What this worker may do when several share the database: the clouds whose polls it owns
 * and whether it is the one doing maintenance (retention, drain supervision, checkpoints).
 * Until its first refresh it owns nothing, so a new worker never polls a cloud another holds.
 */
export class WorkLeaseKeeper {
  private owned = new Set<number>();
  private maintainer = false;

  constructor(private readonly deps: LeaseKeeperDeps) {}

  get renewEveryMs(): number {
    return Math.max(100, Math.floor(this.deps.leaseMs / 3));
  }

  async refresh(targets: readonly PollTarget[]): Promise<void> {
    const { db, workerId, leaseMs, liveWindowMs } = this.deps;
    const cloudIds = targets.filter((t) => t.enabled).map((t) => t.cloudId);
    this.owned = new Set(await keepPollLeases({ db, input: { workerId, now: this.deps.now(), leaseMs, liveWindowMs, cloudIds } }));
    this.maintainer = await holdLease({ db, input: { workerId, now: this.deps.now(), leaseMs, name: MAINTENANCE_LEASE } });
  }

  /** The targets whose polls are this worker's. */
  mine(targets: readonly PollTarget[]): PollTarget[] {
    return targets.filter((t) => this.owned.has(t.cloudId));
  }

  get isMaintainer(): boolean {
    return this.maintainer;
  }
}
