import { lte } from "drizzle-orm";
import type { Db } from "@/db/client";
import { pandaQueue } from "@/db/schema";
import { openSecret } from "../secrets";

/** One call to a PanDA server answers for all its queues: the queues due, grouped by server and token. */
export interface QueuePollTarget {
  endpoint: string;
  token: string;
  timeoutMs: number;
  queues: Array<{ id: number; name: string; pollSec: number }>;
}

export async function listQueuePolls({ db, key, now }: { db: Db; key: Buffer; now: Date }): Promise<QueuePollTarget[]> {
  const due = await db.select({ id: pandaQueue.id, name: pandaQueue.name, endpoint: pandaQueue.endpoint, tokenEnc: pandaQueue.tokenEnc, timeoutMs: pandaQueue.timeoutMs, pollSec: pandaQueue.pollSec }).from(pandaQueue).where(lte(pandaQueue.nextDueAt, now)).all();
  const groups = new Map<string, QueuePollTarget>();
  for (const q of due) {
    const group = `${q.endpoint}\n${q.tokenEnc}`;
    const target = groups.get(group) ?? { endpoint: q.endpoint, token: String(openSecret(key, q.tokenEnc)), timeoutMs: q.timeoutMs, queues: [] };
    target.timeoutMs = Math.max(target.timeoutMs, q.timeoutMs);
    target.queues.push({ id: q.id, name: q.name, pollSec: q.pollSec });
    groups.set(group, target);
  }
  return [...groups.values()];
}
