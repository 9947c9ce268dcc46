import { and, asc, desc, eq, gt, lt, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { action, auditLog, cloud, vm, vmArchive } from "@/db/schema";
import { isFinalVmState } from "@/server/domain/vocabulary";
import { formatCsvLine, formatJsonClose, formatJsonRow, JSON_OPEN, type ExportFormat } from "@/server/domain/export-format";
import { buildActionFilter, listActionsInput } from "./list-actions";
import { buildAuditFilter, listAuditLogInput } from "./list-audit-log";
import { buildVmFilter, listVmsInput, selectVmRows, type VmListFilter, type VmTable } from "./list-vms";

/** Rows read per query: small enough that an export never holds much, large enough to be quick. */
export const EXPORT_BATCH_SIZE = 1_000;

/** Which table, filtered exactly as its page filters it (paging and sort are ignored: all rows go out). */
export const exportRequest = z.discriminatedUnion("view", [
  z.object({ view: z.literal("vms"), filter: listVmsInput }),
  z.object({ view: z.literal("actions"), filter: listActionsInput }),
  z.object({ view: z.literal("audit"), filter: listAuditLogInput }),
]);
export type ExportRequest = z.output<typeof exportRequest>;

type Record_ = Record<string, string | number | boolean | Date | null>;
type ReadBatch = (after: number | null, limit: number) => Promise<Array<{ id: number; record: Record_ }>>;

/** The export's columns, in file order. */
export const EXPORT_COLUMNS = {
  vms: ["id", "name", "cloud", "state", "providerState", "queue", "image", "flavor", "ip", "providerId", "createdAt", "stateChangedAt", "lastSeenAt", "terminatedAt", "lastError"],
  actions: ["id", "kind", "status", "cloud", "requestedBy", "requestedAt", "startedAt", "finishedAt", "total", "succeeded", "failed", "error"],
  audit: ["id", "at", "actor", "verb", "targetType", "targetId", "summary", "before", "after"],
} as const satisfies Record<ExportRequest["view"], readonly string[]>;

/**
 * Every row a table's filter matches, as CSV or JSON text, read from the database in
 * batches along the primary key (a keyset, not OFFSET), so memory stays flat however many rows match.
 */
export async function* streamExport({
  db,
  request,
  format,
  me = null,
  batchSize = EXPORT_BATCH_SIZE,
}: {
  db: Db;
  request: ExportRequest;
  format: ExportFormat;
  /** Who exports: whose "my actions" these are. */
  me?: string | null;
  batchSize?: number;
}): AsyncGenerator<string> {
  const columns = EXPORT_COLUMNS[request.view];
  const read = batchReader(db, request, me);
  yield format === "csv" ? formatCsvLine(columns) : JSON_OPEN;
  let after: number | null = null;
  let first = true;
  for (;;) {
    const rows = await read(after, batchSize);
    let chunk = "";
    for (const { record } of rows) {
      chunk += format === "csv" ? formatCsvLine(columns.map((c) => record[c] ?? null)) : formatJsonRow(record, first);
      first = false;
    }
    if (chunk) yield chunk;
    if (rows.length < batchSize) break;
    after = rows.at(-1)!.id;
  }
  if (format === "json") yield formatJsonClose(first);
}

function batchReader(db: Db, request: ExportRequest, me: string | null): ReadBatch {
  switch (request.view) {
    case "vms":
      return readVmsThenArchived(db, request.filter);
    case "actions":
      return readActions(db, buildActionFilter(request.filter, me));
    case "audit":
      return readAudit(db, buildAuditFilter(request.filter));
  }
}

/**
 * Hot VMs oldest id first, then, when the filter lets ended VMs in, the archived ones the
 * same way: a batch that empties the hot table is topped up from the archive.
 */
function readVmsThenArchived(db: Db, filter: VmListFilter): ReadBatch {
  const hot = readVms(db, filter, vm);
  const archived = filter.states.length === 0 || filter.states.some(isFinalVmState) ? readVms(db, filter, vmArchive) : null;
  let inArchive = false;
  return async (after, limit) => {
    if (inArchive && archived) return archived(after, limit);
    const rows = await hot(after, limit);
    if (rows.length === limit || archived === null) return rows;
    inArchive = true;
    return [...rows, ...(await archived(null, limit - rows.length))];
  };
}

function readVms(db: Db, filter: VmListFilter, table: VmTable): ReadBatch {
  const where = buildVmFilter(filter, table);
  return async (after, limit) => {
    const rows = await selectVmRows(db, table)
      .where(and(where, after === null ? undefined : gt(table.id, after)))
      .orderBy(asc(table.id))
      .limit(limit);
    return rows.map((r) => ({
      id: r.id,
      record: {
        id: r.id,
        name: r.name,
        cloud: r.cloudName,
        state: r.state,
        providerState: r.rawState,
        queue: r.queue,
        image: r.imageName ?? r.imageRef,
        flavor: r.flavorName ?? r.flavorRef,
        ip: r.ip,
        providerId: r.providerId,
        createdAt: r.createdAt,
        stateChangedAt: r.stateChangedAt,
        lastSeenAt: r.lastSeenAt,
        terminatedAt: r.terminatedAt,
        lastError: r.lastError,
      },
    }));
  };
}

/** Actions newest first, as the page lists them. */
function readActions(db: Db, where: SQL | undefined): ReadBatch {
  return async (after, limit) => {
    const rows = await db
      .select({
        id: action.id,
        kind: action.kind,
        status: action.status,
        cloud: cloud.name,
        requestedBy: action.requestedByName,
        requestedAt: action.requestedAt,
        startedAt: action.startedAt,
        finishedAt: action.finishedAt,
        total: action.total,
        succeeded: action.succeeded,
        failed: action.failed,
        error: action.error,
      })
      .from(action)
      .leftJoin(cloud, eq(cloud.id, action.cloudId))
      .where(and(where, after === null ? undefined : lt(action.id, after)))
      .orderBy(desc(action.id))
      .limit(limit);
    return rows.map((record) => ({ id: record.id, record }));
  };
}

/** Audit entries newest first; before and after as the JSON text they were written as. */
function readAudit(db: Db, where: SQL | undefined): ReadBatch {
  return async (after, limit) => {
    const rows = await db
      .select({
        id: auditLog.id,
        at: auditLog.at,
        actor: auditLog.actorName,
        verb: auditLog.verb,
        targetType: auditLog.targetType,
        targetId: auditLog.targetId,
        summary: auditLog.summary,
        before: auditLog.before,
        after: auditLog.after,
      })
      .from(auditLog)
      .where(and(where, after === null ? undefined : lt(auditLog.id, after)))
      .orderBy(desc(auditLog.id))
      .limit(limit);
    return rows.map((record) => ({ id: record.id, record }));
  };
}
