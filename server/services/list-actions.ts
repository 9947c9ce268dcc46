import { and, count, desc, eq, gte, lt, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { action, cloud } from "@/db/schema";
import { ACTION_KINDS, ACTION_STATUSES, type ActionKind } from "@/server/domain/vocabulary";
import { parseStoredActionParams, storedActionParamsSchema, type StoredActionParams } from "../domain/action-params";
import { timeField } from "./lib/reply-fields";

export const ACTIONS_PAGE_SIZE = 50;

export const listActionsInput = z
  .object({
    status: z.enum(ACTION_STATUSES).optional(),
    kind: z.enum(ACTION_KINDS).optional(),
    /** Only the requests of whoever asks (`me` of buildActionFilter). */
    mine: z.boolean().optional(),
    /** Requested at or after. */
    from: z.date().optional(),
    /** Requested before. */
    to: z.date().optional(),
    page: z.number().int().min(1).max(100_000).default(1),
  })
  .refine((q) => !q.from || !q.to || q.from < q.to, { message: "'from' must be before 'to'", path: ["to"] });
export type ListActionsInput = z.output<typeof listActionsInput>;

export const ACTION_SUMMARY_COLUMNS = {
  id: action.id,
  kind: action.kind,
  cloudId: action.cloudId,
  cloudName: cloud.name,
  requestedByName: action.requestedByName,
  requestedAt: action.requestedAt,
  params: action.params,
  status: action.status,
  attempts: action.attempts,
  notBefore: action.notBefore,
  startedAt: action.startedAt,
  finishedAt: action.finishedAt,
  error: action.error,
  total: action.total,
  succeeded: action.succeeded,
  failed: action.failed,
};

/** An action as ACTION_SUMMARY_COLUMNS and withParsedParams give it, as the REST API documents it. */
export const actionSummarySchema = z.object({
  id: z.number().int(),
  kind: z.enum(ACTION_KINDS),
  cloudId: z.number().int().nullable(),
  cloudName: z.string().nullable(),
  requestedByName: z.string(),
  requestedAt: timeField,
  status: z.enum(ACTION_STATUSES),
  attempts: z.number().int(),
  notBefore: timeField.nullable(),
  startedAt: timeField.nullable(),
  finishedAt: timeField.nullable(),
  error: z.string().nullable(),
  total: z.number().int(),
  succeeded: z.number().int(),
  failed: z.number().int(),
  stored: storedActionParamsSchema.nullable(),
  paramsError: z.string().nullable(),
  retryOf: z.number().int().nullable(),
});

/** Newest actions first, with progress counts; `params` parsed (shape per kind, see the request services). */
export async function listActions({ db, input, me = null }: { db: Db; input: ListActionsInput; me?: string | null }) {
  const where = buildActionFilter(input, me);
  const [counted, rows] = await Promise.all([
    db.select({ total: count() }).from(action).where(where),
    db
      .select(ACTION_SUMMARY_COLUMNS)
      .from(action)
      .leftJoin(cloud, eq(cloud.id, action.cloudId))
      .where(where)
      .orderBy(desc(action.id))
      .limit(ACTIONS_PAGE_SIZE)
      .offset((input.page - 1) * ACTIONS_PAGE_SIZE),
  ]);
  return { total: counted[0]?.total ?? 0, page: input.page, pageSize: ACTIONS_PAGE_SIZE, actions: rows.map(withParsedParams) };
}

/** The list's filter, shared with exports; `me` is the id of whoever asks, for "my actions" (none: nothing is theirs). */
export function buildActionFilter(input: Pick<ListActionsInput, "status" | "kind" | "mine" | "from" | "to">, me: string | null): SQL | undefined {
  return and(
    input.status ? eq(action.status, input.status) : undefined,
    input.kind ? eq(action.kind, input.kind) : undefined,
    input.mine ? (me === null ? sql`1 = 0` : eq(action.requestedById, me)) : undefined,
    input.from ? gte(action.requestedAt, input.from) : undefined,
    input.to ? lt(action.requestedAt, input.to) : undefined,
  );
}

/**
 * An action row with its params checked against its kind (`stored`, switched on `kind` by
 * the pages); an unreadable row still lists, with `paramsError` saying which field.
 */
export function withParsedParams<T extends { kind: ActionKind; params: string }>(
  row: T,
): Omit<T, "params"> & { stored: StoredActionParams | null; paramsError: string | null; retryOf: number | null } {
  const { params, ...rest } = row;
  const parsed = parseStoredActionParams(row.kind, params);
  const stored = parsed.ok ? parsed.value : null;
  return { ...rest, stored, paramsError: parsed.ok ? null : parsed.error, retryOf: stored?.params.retryOf ?? null };
}

export type ActionSummary = Awaited<ReturnType<typeof listActions>>["actions"][number];
