import type { Db } from "@/db/client";
import { listQueuePolls, type QueuePollTarget } from "../services/list-queue-polls";
import { recordQueuePoll } from "../services/record-queue-poll";
import { createPandaDriver, type PandaDriver } from "../workload/panda/driver";
import type { PandaClientOptions } from "../workload/panda/client";

export interface QueuePollerDeps {
  db: Db;
  key: Buffer;
  now: () => Date;
  createDriver?: (options: PandaClientOptions) => PandaDriver;
}

/**
 * Polls each PanDA server whose queues are due, one call per server at a time. A failing
 * server is recorded on its queues (error, lag) and polled again at the next due time.
 */
export class QueuePoller {
  private readonly inFlight = new Set<string>();

  constructor(private readonly deps: QueuePollerDeps) {}

  async tick(): Promise<void> {
    const targets = await listQueuePolls({ db: this.deps.db, key: this.deps.key, now: this.deps.now() });
    await Promise.all(
      targets
        .filter((t) => !this.inFlight.has(t.endpoint))
        .map(async (target) => {
          this.inFlight.add(target.endpoint);
          try {
            await pollQueueTarget(this.deps, target);
          } finally {
            this.inFlight.delete(target.endpoint);
          }
        }),
    );
  }
}

export async function pollQueueTarget(deps: QueuePollerDeps, target: QueuePollTarget): Promise<void> {
  const driver = (deps.createDriver ?? createPandaDriver)({ baseUrl: target.endpoint, token: target.token, timeoutMs: target.timeoutMs });
  const started = performance.now();
  let result: Parameters<typeof recordQueuePoll>[0]["input"]["result"];
  try {
    result = { ok: true, counts: await driver.fetchQueueJobCounts() };
  } catch (err) {
    result = { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
  // Recorded outside the call: a local database error is never reported as PanDA's.
  await recordQueuePoll({ db: deps.db, input: { queues: target.queues, now: deps.now(), latencyMs: Math.round(performance.now() - started), result } });
}
