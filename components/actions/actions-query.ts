import { ACTION_KINDS, ACTION_STATUSES, type ActionKind, type ActionStatus } from "@/server/domain/vocabulary";
import type { StoredActionParams } from "@/server/domain/action-params";
import type { ListActionsInput } from "@/server/services/list-actions";
import { parseWhen, toDate } from "@/components/audit/audit-query";

/** The actions list's filters and page, as the URL holds them (?status=failed&kind=launch&mine=1&from=2026-12-01&page=2). */
export interface ActionsQuery {
  status?: ActionStatus;
  kind?: ActionKind;
  /** Only the signed-in user's requests. */
  mine?: boolean;
  /** A UTC day or time, as the audit page spells them (audit-query.ts); a day `to` counts whole. */
  from?: string;
  to?: string;
  page: number;
}

const MAX_PAGE = 100_000;

function pick<T extends string>(allowed: readonly T[], value: string | null): T | undefined {
  return allowed.find((a) => a === value);
}

export function parseActionsQuery(params: URLSearchParams): ActionsQuery {
  const page = params.get("page");
  const n = page !== null && /^\d{1,6}$/.test(page) ? Number(page) : 1;
  return {
    status: pick(ACTION_STATUSES, params.get("status")),
    kind: pick(ACTION_KINDS, params.get("kind")),
    mine: params.get("mine") === "1" || undefined,
    from: parseWhen(params.get("from")),
    to: parseWhen(params.get("to")),
    page: n >= 1 && n <= MAX_PAGE ? n : 1,
  };
}

export function serializeActionsQuery(query: ActionsQuery, current = new URLSearchParams()): URLSearchParams {
  const next = new URLSearchParams(current);
  for (const key of ["status", "kind", "mine", "from", "to", "page"]) next.delete(key);
  if (query.status) next.set("status", query.status);
  if (query.kind) next.set("kind", query.kind);
  if (query.mine) next.set("mine", "1");
  if (query.from) next.set("from", query.from);
  if (query.to) next.set("to", query.to);
  if (query.page !== 1) next.set("page", String(query.page));
  return next;
}

/** The list request: canonical, so the server's prefetch and the browser share one cache key. A from/to pair in the wrong order is dropped. */
export function toActionsListInput(query: ActionsQuery): ListActionsInput {
  const from = toDate(query.from, false);
  const to = toDate(query.to, true);
  const ordered = !from || !to || from < to;
  return { status: query.status, kind: query.kind, mine: query.mine, from: ordered ? from : undefined, to: ordered ? to : undefined, page: query.page };
}

export function hasActionFilters(query: ActionsQuery): boolean {
  return Boolean(query.status || query.kind || query.mine || query.from || query.to);
}

/** "3 ✔ · 1 ✖ · 1 left of 5": progress in words, for the bar's label. */
export function describeProgress(a: { total: number; succeeded: number; failed: number }): string {
  const left = Math.max(0, a.total - a.succeeded - a.failed);
  const parts = [`${a.succeeded} succeeded`];
  if (a.failed > 0) parts.push(`${a.failed} failed`);
  if (left > 0) parts.push(`${left} to go`);
  return `${parts.join(", ")} of ${a.total}`;
}

/** What an action asked for, in one line, from its checked params (null: unreadable, said by `paramsError`). */
export function describeParams(stored: StoredActionParams | null): string {
  if (!stored) return "parameters unreadable";
  switch (stored.kind) {
    case "launch": {
      const p = stored.params;
      return `${p.count} × ${p.flavorName || p.flavorId} (${p.imageName || p.imageId}) for ${p.queue}`;
    }
    case "drain": {
      const p = stored.params;
      return [`${p.vmIds.length} selected`, `deadline ${p.deadlineHours} h`, p.skipped.length > 0 ? `${p.skipped.length} left out` : null].filter(Boolean).join(" · ");
    }
    case "destroy": {
      const p = stored.params;
      return [`${p.vmIds.length} selected`, p.skipped.length > 0 ? `${p.skipped.length} left out` : null, p.reason ?? null].filter(Boolean).join(" · ");
    }
    case "publish":
      return `${stored.params.imageName} ${stored.params.version} to ${stored.params.cloudIds.length} ${stored.params.cloudIds.length === 1 ? "cloud" : "clouds"}`;
  }
}
