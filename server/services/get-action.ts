import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { action, actionItem, cloud, vm } from "@/db/schema";
import type { actionRefInput } from "@/server/domain/action-params";
import { ACTION_STATUSES, VM_STATES } from "@/server/domain/vocabulary";
import { ServiceError } from "./lib/errors";
import { timeField } from "./lib/reply-fields";
import { ACTION_SUMMARY_COLUMNS, actionSummarySchema, withParsedParams } from "./list-actions";

export type GetActionInput = z.output<typeof actionRefInput>;

export const actionDetailSchema = actionSummarySchema.extend({
  items: z.array(
    z.object({
      id: z.number().int(),
      seq: z.number().int(),
      cloudId: z.number().int(),
      cloudName: z.string().nullable(),
      vmId: z.number().int().nullable(),
      vmName: z.string().nullable(),
      vmState: z.enum(VM_STATES).nullable(),
      token: z.string().nullable(),
      providerId: z.string().nullable(),
      status: z.enum(ACTION_STATUSES),
      vmStateAtRequest: z.enum(VM_STATES).nullable(),
      attempts: z.number().int(),
      error: z.string().nullable(),
      updatedAt: timeField,
    }),
  ),
});

/** One action with every item (per-VM progress, the provider's error in its own words). */
export async function getAction({ db, input }: { db: Db; input: GetActionInput }) {
  const [row] = await db.select(ACTION_SUMMARY_COLUMNS).from(action).leftJoin(cloud, eq(cloud.id, action.cloudId)).where(eq(action.id, input.actionId));
  if (!row) throw new ServiceError("NOT_FOUND", `Action #${input.actionId} does not exist`);
  const items = await db
    .select({
      id: actionItem.id,
      seq: actionItem.seq,
      cloudId: actionItem.cloudId,
      cloudName: cloud.name,
      vmId: actionItem.vmId,
      vmName: vm.name,
      vmState: vm.state,
      token: actionItem.token,
      providerId: actionItem.providerId,
      status: actionItem.status,
      vmStateAtRequest: actionItem.vmStateAtRequest,
      attempts: actionItem.attempts,
      error: actionItem.error,
      updatedAt: actionItem.updatedAt,
    })
    .from(actionItem)
    .leftJoin(cloud, eq(cloud.id, actionItem.cloudId))
    .leftJoin(vm, eq(vm.id, actionItem.vmId))
    .where(eq(actionItem.actionId, row.id))
    .orderBy(asc(actionItem.seq));
  return { ...withParsedParams(row), items };
}

export type ActionDetail = Awaited<ReturnType<typeof getAction>>;
