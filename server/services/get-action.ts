import { asc, eq } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "@/db/client";
import { action, actionItem, cloud, vm } from "@/db/schema";
import type { actionRefInput } from "@/server/domain/action-params";
import { ServiceError } from "./lib/errors";
import { ACTION_SUMMARY_COLUMNS, withParsedParams } from "./list-actions";

export type GetActionInput = z.output<typeof actionRefInput>;

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
