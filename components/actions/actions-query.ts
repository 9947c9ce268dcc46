import { ACTION_KINDS, ACTION_STATUSES, type ActionKind, type ActionStatus } from "@/server/domain/vocabulary";
import type { StoredActionParams } from "@/server/domain/action-params";

/** The actions list's filters and page, as the URL holds them (?status=failed&kind=launch&page=2). */
export interface ActionsQuery {
  status?: ActionStatus;
  kind?: ActionKind;
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
    page: n >= 1 && n <= MAX_PAGE ? n : 1,
  };
}

export function serializeActionsQuery(query: ActionsQuery, current = new URLSearchParams()): URLSearchParams {
  const next = new URLSearchParams(current);
  for (const key of ["status", "kind", "page"]) next.delete(key);
  if (query.status) next.set("status", query.status);
  if (query.kind) next.set("kind", query.kind);
  if (query.page !== 1) next.set("page", String(query.page));
  return next;
}

/** The list request: canonical, so the server's prefetch and the browser share one cache key. */
export function toActionsListInput(query: ActionsQuery): { status?: ActionStatus; kind?: ActionKind; page: number } {
  return { status: query.status, kind: query.kind, page: query.page };
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
