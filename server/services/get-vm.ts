import { and, asc, desc, eq, inArray, or } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { action, actionItem, auditLog, image, imageVersion, vm, vmArchive, vmEvent, vmEventArchive } from "@/db/schema";
import { ServiceError } from "./lib/errors";
import { selectVmRows } from "./list-vms";

export const getVmInput = z.object({ vmId: z.number().int().positive() });
export type GetVmInput = z.output<typeof getVmInput>;

/** Enough history for a VM's page; a VM that changed more often than this is unusual. */
export const VM_PAGE_HISTORY_LIMIT = 200;

/**
 * Everything known about one VM: where it runs, its state in our words and the provider's,
 * every transition, the actions that launched, drained or destroyed it, and the audit
 * entries that name it or those actions.
 */
export async function getVm({ db, input }: { db: Db; input: GetVmInput }) {
  const [hot] = await selectVmRows(db).where(eq(vm.id, input.vmId));
  // Ended VMs past their retention live in the archive (archiveEndedVms), under the same id.
  const archived = hot === undefined;
  const [row] = hot ? [hot] : await selectVmRows(db, vmArchive).where(eq(vmArchive.id, input.vmId));
  if (!row) throw new ServiceError("NOT_FOUND", `VM #${input.vmId} does not exist`);
  const events = archived ? vmEventArchive : vmEvent;

  const [transitions, actions, catalogueVersion] = await Promise.all([
    db
      .select({ id: events.id, at: events.at, fromState: events.fromState, toState: events.toState, rawState: events.rawState })
      .from(events)
      .where(eq(events.vmId, row.id))
      .orderBy(asc(events.at), asc(events.id))
      .limit(VM_PAGE_HISTORY_LIMIT),
    selectVmActions(db, row.id, row.launchActionId),
    selectCatalogueVersion(db, row.imageVersionId),
  ]);
  const actionIds = actions.map((a) => String(a.id));
  const audit = await db
    .select({ id: auditLog.id, at: auditLog.at, actorName: auditLog.actorName, verb: auditLog.verb, targetType: auditLog.targetType, targetId: auditLog.targetId, summary: auditLog.summary })
    .from(auditLog)
    .where(
      or(
        and(eq(auditLog.targetType, "vm"), eq(auditLog.targetId, String(row.id))),
        actionIds.length === 0 ? undefined : and(eq(auditLog.targetType, "action"), inArray(auditLog.targetId, actionIds)),
      ),
    )
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(VM_PAGE_HISTORY_LIMIT);
  const launchToken = actions.find((a) => a.kind === "launch" && a.token !== null)?.token ?? null;
  return { ...row, archived, catalogueVersion, launchToken, events: transitions, actions, audit };
}

/** The catalogue version the VM's image matched, for a link to its image. */
async function selectCatalogueVersion(db: Db, versionId: number | null) {
  if (versionId === null) return null;
  const [found] = await db
    .select({ id: imageVersion.id, imageId: imageVersion.imageId, imageName: image.name, version: imageVersion.version })
    .from(imageVersion)
    .innerJoin(image, eq(image.id, imageVersion.imageId))
    .where(eq(imageVersion.id, versionId));
  return found ?? null;
}

/** The actions with an item for this VM, and the launch that made it (its item may predate the VM row). */
async function selectVmActions(db: Db, vmId: number, launchActionId: number | null) {
  return db
    .select({
      id: action.id,
      kind: action.kind,
      status: action.status,
      requestedByName: action.requestedByName,
      requestedAt: action.requestedAt,
      finishedAt: action.finishedAt,
      itemStatus: actionItem.status,
      itemError: actionItem.error,
      token: actionItem.token,
    })
    .from(action)
    .leftJoin(actionItem, and(eq(actionItem.actionId, action.id), eq(actionItem.vmId, vmId)))
    .where(
      or(
        inArray(action.id, db.select({ id: actionItem.actionId }).from(actionItem).where(eq(actionItem.vmId, vmId))),
        launchActionId === null ? undefined : eq(action.id, launchActionId),
      ),
    )
    .orderBy(asc(action.requestedAt), asc(action.id))
    .limit(VM_PAGE_HISTORY_LIMIT);
}

export type VmDetail = Awaited<ReturnType<typeof getVm>>;
