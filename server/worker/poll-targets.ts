import type { Db } from "@/db/client";
import { readPollTargets, type PollTarget } from "../services/list-poll-targets";
import { markCloudDown } from "../services/mark-cloud-down";

/**
 * The clouds to poll, read afresh on each call. A cloud whose credentials cannot be opened
 * is left out and shown down with the reason (logged once per reason), so the others keep
 * being polled; it comes back by itself once its credentials open again.
 */
export class PollTargetSource {
  private readonly reported = new Map<number, string>();

  constructor(private readonly deps: { db: Db; key: Buffer; now: () => Date; log?: (line: string) => void }) {}

  async read(): Promise<PollTarget[]> {
    const { db, key } = this.deps;
    const { targets, unreadable } = await readPollTargets({ db, key });
    for (const t of targets) this.reported.delete(t.cloudId);
    for (const u of unreadable) {
      if (!u.enabled) continue; // not polled anyway; it shows as disabled
      if (this.reported.get(u.cloudId) !== u.reason) {
        this.reported.set(u.cloudId, u.reason);
        this.deps.log?.(`[worker] not polling ${u.name}: ${u.reason}`);
      }
      await markCloudDown({ db, input: { cloudId: u.cloudId, reason: u.reason, now: this.deps.now() } });
    }
    return targets;
  }
}
