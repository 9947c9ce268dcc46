import type { ListAuditLogInput } from "@/server/services/list-audit-log";

/** The audit page's state in the URL: filters, page, and the entry a link points at. */
export interface AuditQuery {
  actor?: string;
  verb?: string;
  targetType?: string;
  targetId?: string;
  /** "2025-06-10" (a UTC day) or "2025-06-10T12:00" / "...:30Z" (UTC). */
  from?: string;
  /** A day is inclusive (up to its end); a time is exclusive. */
  to?: string;
  page: number;
  /** /audit?id=N: highlight that entry. */
  id?: number;
}

const MAX_TEXT = 200;
const MAX_PAGE = 100_000;
const DAY_MS = 86_400_000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?Z?$/;

/** URL keys this page owns, in the order they are written. */
const KEYS = { actor: "actor", verb: "verb", targetType: "type", targetId: "target", from: "from", to: "to", page: "page", id: "id" } as const;

function parseText(value: string | null): string | undefined {
  const text = value?.trim().slice(0, MAX_TEXT).trim();
  return text ? text : undefined;
}

function parsePositiveInt(value: string | null, max: number): number | undefined {
  if (value === null || !/^\d{1,9}$/.test(value)) return undefined;
  const n = Number(value);
  return n >= 1 && n <= max ? n : undefined;
}

/** A UTC day or time as the URL spells it, or undefined when it is not a real date. */
export function parseWhen(value: string | null): string | undefined {
  const text = value?.trim();
  if (!text || !(DAY.test(text) || TIME.test(text))) return undefined;
  return toDate(text, false) === undefined ? undefined : text;
}

/**
 * What a person typed in a UTC time field, as the URL spells it: "2025-06-10", "2025-06-10T12:00",
 * a space for the T and a trailing Z allowed; undefined when it is no real date.
 */
export function parseUtcInput(typed: string): string | undefined {
  return parseWhen(typed.trim().replace(/^(\d{4}-\d{2}-\d{2})[ T]/, "$1T").replace(/z$/, "Z"));
}

/** The instant a URL date means; `inclusiveEnd` turns a day into the start of the next. */
export function toDate(text: string | undefined, inclusiveEnd: boolean): Date | undefined {
  if (text === undefined) return undefined;
  const isDay = DAY.test(text);
  const iso = isDay ? `${text}T00:00:00Z` : text.endsWith("Z") ? text : `${text}Z`;
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return undefined;
  // Reject dates that roll over (2025-02-31).
  if (at.toISOString().slice(0, 10) !== text.slice(0, 10)) return undefined;
  return isDay && inclusiveEnd ? new Date(at.getTime() + DAY_MS) : at;
}

export function parseAuditQuery(params: URLSearchParams): AuditQuery {
  return {
    actor: parseText(params.get(KEYS.actor)),
    verb: parseText(params.get(KEYS.verb)),
    targetType: parseText(params.get(KEYS.targetType)),
    targetId: parseText(params.get(KEYS.targetId)),
    from: parseWhen(params.get(KEYS.from)),
    to: parseWhen(params.get(KEYS.to)),
    page: parsePositiveInt(params.get(KEYS.page), MAX_PAGE) ?? 1,
    id: parsePositiveInt(params.get(KEYS.id), Number.MAX_SAFE_INTEGER),
  };
}

/** Defaults are left out so links stay short; keys of other pages are kept. */
export function serializeAuditQuery(query: AuditQuery, current = new URLSearchParams()): URLSearchParams {
  const next = new URLSearchParams(current);
  for (const key of Object.values(KEYS)) next.delete(key);
  if (query.actor) next.set(KEYS.actor, query.actor);
  if (query.verb) next.set(KEYS.verb, query.verb);
  if (query.targetType) next.set(KEYS.targetType, query.targetType);
  if (query.targetId) next.set(KEYS.targetId, query.targetId);
  if (query.from) next.set(KEYS.from, query.from);
  if (query.to) next.set(KEYS.to, query.to);
  if (query.page !== 1) next.set(KEYS.page, String(query.page));
  if (query.id !== undefined) next.set(KEYS.id, String(query.id));
  return next;
}

/**
 * The list request for a URL, canonical so the server's prefetch and the browser share one
 * cache key. The linked entry is not a filter: the list around it stays, and it is highlighted.
 * A from/to pair in the wrong order is dropped rather than failing the page.
 */
export function toAuditListInput(query: AuditQuery): ListAuditLogInput {
  const from = toDate(query.from, false);
  const to = toDate(query.to, true);
  const ordered = !from || !to || from < to;
  return {
    actor: query.actor,
    verb: query.verb,
    targetType: query.targetType,
    targetId: query.targetId,
    from: ordered ? from : undefined,
    to: ordered ? to : undefined,
    page: query.page,
  };
}

export function hasAuditFilters(query: AuditQuery): boolean {
  return Boolean(query.actor || query.verb || query.targetType || query.targetId || query.from || query.to);
}

/** The URL of one entry. */
export function auditEntryHref(id: number): string {
  return `/audit?id=${id}`;
}
