import { and, count, desc, eq, gte, inArray, lt, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { auditLog, user, vm } from "@/db/schema";
import { timeField } from "./lib/reply-fields";

export const AUDIT_PAGE_SIZE = 50;

const text = z.string().trim().min(1).max(200);

export const listAuditLogInput = z
  .object({
    /** One entry (a linked /audit?id=N); combines with the other filters like any of them. */
    id: z.number().int().positive().optional(),
    actor: text.optional(),
    verb: text.optional(),
    targetType: text.optional(),
    targetId: text.optional(),
    /** Inclusive lower and exclusive upper bound on the entry's time. */
    from: z.date().optional(),
    to: z.date().optional(),
    page: z.number().int().min(1).max(100_000).default(1),
    pageSize: z.number().int().min(1).max(200).default(AUDIT_PAGE_SIZE),
  })
  .refine((q) => !q.from || !q.to || q.from < q.to, { message: "'from' must be before 'to'", path: ["to"] });
export type ListAuditLogInput = z.input<typeof listAuditLogInput>;
export type ListAuditLogQuery = z.output<typeof listAuditLogInput>;

/** One page of the log, as the REST API documents it. */
export const listAuditLogOutput = z.object({
  rows: z.array(
    z.object({
      id: z.number().int(),
      at: timeField,
      actorId: z.string().nullable(),
      actorName: z.string(),
      actorRole: z.string().nullable(),
      ip: z.string().nullable(),
      verb: z.string(),
      targetType: z.string(),
      targetId: z.string().nullable(),
      summary: z.string(),
      before: z.unknown(),
      after: z.unknown(),
      vm: z.object({ name: z.string(), cloudId: z.number().int() }).nullable(),
      user: z.object({ name: z.string(), username: z.string().nullable() }).nullable(),
    }),
  ),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  pageCount: z.number().int(),
});

/**
 * The audit log, newest first, one page at a time. Each filter is an equality or range on
 * an indexed column (at; verb, at; actor_name, at; target_type, target_id), so a filtered
 * page reads along an index instead of scanning the whole log.
 */
export async function listAuditLog({ db, input }: { db: Db; input: ListAuditLogQuery }) {
  const where = buildAuditFilter(input);
  const [counted, rows] = await Promise.all([
    db.select({ total: count() }).from(auditLog).where(where),
    selectAuditPage(db, input),
  ]);
  const [vmNames, userNames] = await Promise.all([selectVmNames(db, rows), selectUserNames(db, rows)]);
  const total = counted[0]?.total ?? 0;
  return {
    rows: rows.map((row) => ({
      ...row,
      before: parseJson(row.before),
      after: parseJson(row.after),
      /** For a VM target: its name and cloud, so the UI can link to it. */
      vm: row.targetType === "vm" && row.targetId !== null ? (vmNames.get(row.targetId) ?? null) : null,
      /** For a user target: who, by name, instead of an opaque id. */
      user: row.targetType === "user" && row.targetId !== null ? (userNames.get(row.targetId) ?? null) : null,
    })),
    total,
    page: input.page,
    pageSize: input.pageSize,
    pageCount: Math.max(1, Math.ceil(total / input.pageSize)),
  };
}

/** The actors and verbs that appear in the log, to offer as filter choices (index-only scans). */
export async function listAuditFilterOptions({ db }: { db: Db }) {
  const [actors, verbs, targetTypes] = await Promise.all([
    db.selectDistinct({ name: auditLog.actorName }).from(auditLog).orderBy(auditLog.actorName),
    db.selectDistinct({ verb: auditLog.verb }).from(auditLog).orderBy(auditLog.verb),
    db.selectDistinct({ type: auditLog.targetType }).from(auditLog).orderBy(auditLog.targetType),
  ]);
  return { actors: actors.map((a) => a.name), verbs: verbs.map((v) => v.verb), targetTypes: targetTypes.map((t) => t.type) };
}

/** The page query on its own, so a test can ask SQLite how it runs it. */
export function selectAuditPage(db: Db, input: ListAuditLogQuery) {
  return db
    .select()
    .from(auditLog)
    .where(buildAuditFilter(input))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(input.pageSize)
    .offset((input.page - 1) * input.pageSize);
}

/** The log's filter, shared with exports. */
export function buildAuditFilter(input: ListAuditLogQuery): SQL | undefined {
  return and(
    input.id === undefined ? undefined : eq(auditLog.id, input.id),
    input.actor === undefined ? undefined : eq(auditLog.actorName, input.actor),
    input.verb === undefined ? undefined : eq(auditLog.verb, input.verb),
    input.targetType === undefined ? undefined : eq(auditLog.targetType, input.targetType),
    input.targetId === undefined ? undefined : eq(auditLog.targetId, input.targetId),
    input.from === undefined ? undefined : gte(auditLog.at, input.from),
    input.to === undefined ? undefined : lt(auditLog.at, input.to),
  );
}

async function selectVmNames(db: Db, rows: Array<{ targetType: string; targetId: string | null }>) {
  const ids = [...new Set(rows.flatMap((r) => (r.targetType === "vm" && r.targetId !== null && /^\d{1,15}$/.test(r.targetId) ? [Number(r.targetId)] : [])))];
  if (ids.length === 0) return new Map<string, { name: string; cloudId: number }>();
  const found = await db.select({ id: vm.id, name: vm.name, cloudId: vm.cloudId }).from(vm).where(inArray(vm.id, ids));
  return new Map(found.map((v) => [String(v.id), { name: v.name, cloudId: v.cloudId }]));
}

async function selectUserNames(db: Db, rows: Array<{ targetType: string; targetId: string | null }>) {
  const ids = [...new Set(rows.flatMap((r) => (r.targetType === "user" && r.targetId !== null ? [r.targetId] : [])))];
  if (ids.length === 0) return new Map<string, { name: string; username: string | null }>();
  const found = await db.select({ id: user.id, name: user.name, username: user.username }).from(user).where(inArray(user.id, ids));
  return new Map(found.map((u) => [u.id, { name: u.name, username: u.username }]));
}

/** Before/after are JSON written by recordAudit; an unreadable value is shown as the raw text. */
function parseJson(value: string | null): unknown {
  if (value === null) return null;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

export type AuditLogPage = Awaited<ReturnType<typeof listAuditLog>>;
export type AuditLogRow = AuditLogPage["rows"][number];
export type AuditFilterOptions = Awaited<ReturnType<typeof listAuditFilterOptions>>;
