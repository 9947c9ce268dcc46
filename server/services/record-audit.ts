import type { Db } from "@/db/client";
import { auditLog } from "@/db/schema";
import type { Actor } from "./lib/actor";

type Tx = Pick<Db, "insert">;

export interface AuditEntry {
  verb: string;
  targetType: string;
  targetId: string | number | null;
  summary: string;
  before?: unknown;
  after?: unknown;
}

/** Writes one audit row; call it inside the transaction of the change it records. */
export async function recordAudit(tx: Tx, actor: Actor, entry: AuditEntry, now: Date = new Date()): Promise<void> {
  await tx
    .insert(auditLog)
    .values({
      at: now,
      actorId: actor.id,
      actorName: actor.name,
      actorRole: actor.role,
      ip: actor.ip,
      verb: entry.verb,
      targetType: entry.targetType,
      targetId: entry.targetId === null ? null : String(entry.targetId),
      summary: actor.tokenName ? `${entry.summary} (with API token "${actor.tokenName}")` : entry.summary,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
    })
    .run();
}
