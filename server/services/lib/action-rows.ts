import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/db/client";
import { action, actionItem } from "@/db/schema";
import type { ActionKind, VmState } from "@/server/domain/vocabulary";
import type { Actor } from "./actor";
import { chunkForInsert, MAX_BOUND_PARAMETERS, splitIntoChunks } from "@/db/chunk-rows";
import { ServiceError } from "./errors";

/** What a service's transaction callback receives. */
export type { Tx } from "@/db/client";

/** Item statuses that still have work ahead of them. */
export const ACTIVE_ITEM_STATUSES = ["queued", "running"] as const;

/** What a request for the worker answers; a schema too, because the REST API documents it. */
export const requestResultSchema = z.object({
  actionId: z.number().int(),
  existing: z.boolean().describe("True when the idempotency key named an action that already existed: nothing new was created"),
});
export type RequestResult = z.infer<typeof requestResultSchema>;

/**
 * The action an idempotency key already names, as the answer to a repeated request;
 * null when the key is new. The same key on another kind of request, or from another
 * person, is not a repeat: it is refused rather than answered with someone else's action.
 */
export async function findRepeatedRequest(tx: Tx, idempotencyKey: string, kind: ActionKind, requesterId: string): Promise<RequestResult | null> {
  const found = await tx
    .select({ id: action.id, kind: action.kind, requestedById: action.requestedById })
    .from(action)
    .where(eq(action.idempotencyKey, idempotencyKey))
    .get();
  if (!found) return null;
  if (found.kind !== kind || found.requestedById !== requesterId) {
    throw new ServiceError("CONFLICT", `This request's idempotency key was already used for ${found.kind} action #${found.id}; send a new key for a new request`);
  }
  return { actionId: found.id, existing: true };
}

export interface NewItem {
  cloudId: number;
  vmId?: number | null;
  token?: string | null;
  providerId?: string | null;
  vmStateAtRequest?: VmState | null;
}

/** Inserts a queued action and its items (seq 0..n-1); `tokenFor` names launch items once the action id is known. */
export async function insertAction(
  tx: Tx,
  request: {
    kind: ActionKind;
    idempotencyKey: string;
    cloudId: number | null;
    actor: Actor;
    now: Date;
    params: Record<string, unknown>;
    items: readonly NewItem[];
    tokenFor?: (actionId: number, seq: number) => string;
  },
): Promise<number> {
  const { id } = await tx
    .insert(action)
    .values({
      kind: request.kind,
      idempotencyKey: request.idempotencyKey,
      cloudId: request.cloudId,
      requestedById: request.actor.id,
      requestedByName: request.actor.name,
      requestedAt: request.now,
      params: JSON.stringify(request.params),
      status: "queued",
      total: request.items.length,
    })
    .returning({ id: action.id })
    .get();
  const rows = request.items.map((item, seq) => ({
    actionId: id,
    seq,
    cloudId: item.cloudId,
    vmId: item.vmId ?? null,
    token: item.token ?? request.tokenFor?.(id, seq) ?? null,
    providerId: item.providerId ?? null,
    vmStateAtRequest: item.vmStateAtRequest ?? null,
    status: "queued" as const,
    updatedAt: request.now,
  }));
  for (const chunk of chunkForInsert(actionItem, rows)) await tx.insert(actionItem).values(chunk).run();
  return id;
}

/** VMs among `vmIds` that an unfinished action of one of `kinds` is already working on. */
export async function findVmsWithActiveItems(tx: Tx, vmIds: readonly number[], kinds: readonly ActionKind[]): Promise<Map<number, { actionId: number; kind: ActionKind }>> {
  const busy = new Map<number, { actionId: number; kind: ActionKind }>();
  for (const ids of splitIntoChunks(vmIds, MAX_BOUND_PARAMETERS - 10)) {
    const rows = await tx
      .select({ vmId: actionItem.vmId, actionId: action.id, kind: action.kind })
      .from(actionItem)
      .innerJoin(action, eq(action.id, actionItem.actionId))
      .where(and(inArray(actionItem.vmId, ids), inArray(actionItem.status, ACTIVE_ITEM_STATUSES), inArray(action.kind, kinds)))
      .all();
    for (const r of rows) if (r.vmId !== null) busy.set(r.vmId, { actionId: r.actionId, kind: r.kind });
  }
  return busy;
}

/** "3 are terminated, 1 is already being destroyed": why selected VMs were left out. */
export function describeSkipped(reasons: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts.entries()].map(([reason, n]) => `${n} ${n === 1 ? "is" : "are"} ${reason}`).join(", ");
}
