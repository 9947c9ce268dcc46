import { eq, inArray } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { cloud, pandaQueue, pandaQueueCloud } from "@/db/schema";
import type { ConfiguredQueue } from "../config/clouds-config";
import { sealSecret } from "../secrets";
import { SYSTEM_ACTOR } from "./lib/actor";
import { recordAudit } from "./record-audit";

/**
 * Creates or updates PanDA queues by name from the configuration (or the demo fleet),
 * sealing the server's token, and sets the clouds serving each. Idempotent: every worker
 * applies it at start; a restart with the same settings writes no audit row.
 */
export async function upsertQueues({ db, key, queues, demo = false, now = new Date() }: { db: Db; key: Buffer; queues: readonly ConfiguredQueue[]; demo?: boolean; now?: Date }): Promise<void> {
  await db.transaction(async (tx) => {
    for (const q of queues) await upsertQueue(tx, key, q, demo, now);
  });
}

async function upsertQueue(tx: Tx, key: Buffer, q: ConfiguredQueue, demo: boolean, now: Date): Promise<void> {
  const settings = { endpoint: q.endpoint, timeoutMs: q.timeoutMs ?? 10_000, pollSec: q.pollSec ?? 60, demo };
  const clouds = q.clouds.length === 0 ? [] : await tx.select({ id: cloud.id, name: cloud.name }).from(cloud).where(inArray(cloud.name, q.clouds)).all();
  const source = demo ? "the demo fleet" : "the configuration";
  const existing = await tx.select().from(pandaQueue).where(eq(pandaQueue.name, q.name)).get();
  let queueId: number;
  if (existing) {
    queueId = existing.id;
    await tx.update(pandaQueue).set({ ...settings, tokenEnc: sealSecret(key, q.token) }).where(eq(pandaQueue.id, queueId)).run();
    const changed = (Object.keys(settings) as Array<keyof typeof settings>).filter((k) => existing[k] !== settings[k]);
    if (changed.length > 0) {
      const before = Object.fromEntries(changed.map((k) => [k, existing[k]]));
      const after = Object.fromEntries(changed.map((k) => [k, settings[k]]));
      await recordAudit(tx, SYSTEM_ACTOR, { verb: "queues.configure", targetType: "queue", targetId: queueId, summary: `Updated queue ${q.name} from ${source}`, before, after }, now);
    }
  } else {
    const inserted = await tx
      .insert(pandaQueue)
      .values({ name: q.name, ...settings, tokenEnc: sealSecret(key, q.token), createdAt: now, nextDueAt: now })
      .returning({ id: pandaQueue.id })
      .get();
    queueId = inserted.id;
    await recordAudit(tx, SYSTEM_ACTOR, { verb: "queues.create", targetType: "queue", targetId: queueId, summary: `Added queue ${q.name} from ${source}`, after: { ...settings, clouds: q.clouds } }, now);
  }
  await tx.delete(pandaQueueCloud).where(eq(pandaQueueCloud.queueId, queueId)).run();
  if (clouds.length > 0) await tx.insert(pandaQueueCloud).values(clouds.map((c) => ({ queueId, cloudId: c.id }))).run();
}
