import type { VmFilter } from "@/server/domain/vm-filter";
import { LIVE_VM_STATES, VM_IMAGE_CLASSES, VM_STATES, type VmImageClass, type VmState } from "@/server/domain/vocabulary";
import type { ListVmsQuery, NameMatch, SortDirection, VmSortField } from "@/server/services/list-vms";

export const VM_SORT_LABELS: Record<VmSortField, string> = {
  name: "Name",
  cloud: "Cloud",
  state: "State",
  queue: "Queue",
  image: "Image",
  flavor: "Flavor",
  ip: "IP",
  stateChangedAt: "State changed",
  createdAt: "Created",
};
/** Times read best newest first; names and states alphabetically. */
export const FIRST_SORT_DIRECTION: Record<VmSortField, SortDirection> = {
  name: "asc",
  cloud: "asc",
  state: "asc",
  queue: "asc",
  image: "asc",
  flavor: "asc",
  ip: "asc",
  stateChangedAt: "desc",
  createdAt: "desc",
};
export const NAME_MATCH_LABELS: Record<NameMatch, string> = { contains: "name, IP or id contains", prefix: "name starts with (exact case)" };
export const VM_PAGE_SIZES = [25, 50, 100, 200];
const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE = 1_000_000;
const MAX_TEXT = 200;

/** URL keys; anything else in the query string (e.g. ?range=) is left alone. */
const KEYS = ["cloud", "state", "ended", "stale", "queue", "image", "trust", "version", "q", "match", "sort", "dir", "page", "size"] as const;

function parsePositiveInt(value: string | null): number | undefined {
  if (value === null || !/^\d{1,9}$/.test(value)) return undefined;
  const n = Number(value);
  return n >= 1 ? n : undefined;
}

function parseText(value: string | null): string | undefined {
  const text = value?.trim().slice(0, MAX_TEXT).trim();
  return text ? text : undefined;
}

/** Whether a query shows exactly the live VMs: the table's default, left out of the URL. */
export function isLiveOnly(states: readonly VmState[]): boolean {
  return states.length === LIVE_VM_STATES.length && LIVE_VM_STATES.every((s) => states.includes(s));
}

/**
 * Live VMs unless the URL names states, or asks for ended VMs too (ended=1: every state).
 * A list that would grow without bound (terminated VMs) is one click away, not the default.
 */
function parseStates(params: URLSearchParams): VmState[] {
  const wanted = new Set(params.getAll("state"));
  const named = VM_STATES.filter((state: VmState) => wanted.has(state));
  if (named.length > 0) return named;
  return params.get("ended") === "1" ? [] : [...LIVE_VM_STATES];
}

/** Image classes in their canonical order, each once. */
function parseImageClasses(params: URLSearchParams): VmImageClass[] {
  const wanted = new Set(params.getAll("trust"));
  return VM_IMAGE_CLASSES.filter((c) => wanted.has(c));
}

function isKeyOf<T extends object>(record: T, value: string | null): value is Extract<keyof T, string> {
  return value !== null && Object.hasOwn(record, value);
}

/**
 * The VM list query a URL asks for, always complete and in one canonical form, so the
 * server's prefetch and the browser's query share one cache key. Bad values fall back to defaults.
 */
export function parseVmQuery(params: URLSearchParams, fixedCloudId?: number): ListVmsQuery {
  const sort = params.get("sort");
  const match = params.get("match");
  const size = parsePositiveInt(params.get("size"));
  return {
    cloudId: fixedCloudId ?? parsePositiveInt(params.get("cloud")),
    states: parseStates(params),
    queue: parseText(params.get("queue")),
    image: parseText(params.get("image")),
    stale: params.get("stale") === "1" ? true : undefined,
    imageClasses: parseImageClasses(params),
    imageVersionId: parsePositiveInt(params.get("version")),
    name: parseText(params.get("q")) ?? "",
    nameMatch: isKeyOf(NAME_MATCH_LABELS, match) ? match : "contains",
    sort: isKeyOf(VM_SORT_LABELS, sort) ? sort : "name",
    dir: params.get("dir") === "desc" ? "desc" : "asc",
    page: Math.min(parsePositiveInt(params.get("page")) ?? 1, MAX_PAGE),
    pageSize: size !== undefined && VM_PAGE_SIZES.includes(size) ? size : DEFAULT_PAGE_SIZE,
  };
}

/** The URL for a query: defaults are left out so links stay short; foreign keys are kept. */
export function serializeVmQuery(query: ListVmsQuery, current: URLSearchParams, fixedCloudId?: number): URLSearchParams {
  const next = new URLSearchParams(current);
  for (const key of KEYS) next.delete(key);
  if (query.cloudId !== undefined && query.cloudId !== fixedCloudId) next.set("cloud", String(query.cloudId));
  if (query.states.length === 0) next.set("ended", "1");
  else if (!isLiveOnly(query.states)) for (const state of query.states) next.append("state", state);
  if (query.queue) next.set("queue", query.queue);
  if (query.image) next.set("image", query.image);
  if (query.stale) next.set("stale", "1");
  for (const imageClass of query.imageClasses) next.append("trust", imageClass);
  if (query.imageVersionId !== undefined) next.set("version", String(query.imageVersionId));
  if (query.name) next.set("q", query.name);
  if (query.nameMatch !== "contains") next.set("match", query.nameMatch);
  if (query.sort !== "name") next.set("sort", query.sort);
  if (query.dir !== "asc") next.set("dir", query.dir);
  if (query.page !== 1) next.set("page", String(query.page));
  if (query.pageSize !== DEFAULT_PAGE_SIZE) next.set("size", String(query.pageSize));
  return next;
}

/** Whether anything narrows the list beyond the page's own cloud. */
export function hasVmFilters(query: ListVmsQuery, fixedCloudId?: number): boolean {
  return (
    (query.cloudId !== undefined && query.cloudId !== fixedCloudId) ||
    !isLiveOnly(query.states) ||
    query.queue !== undefined ||
    query.image !== undefined ||
    query.stale !== undefined ||
    query.imageClasses.length > 0 ||
    query.imageVersionId !== undefined ||
    query.name !== ""
  );
}

/** Same sort and page size, no filters, first page. */
export function clearVmFilters(query: ListVmsQuery, fixedCloudId?: number): ListVmsQuery {
  return { ...query, cloudId: fixedCloudId, states: [...LIVE_VM_STATES], queue: undefined, image: undefined, stale: undefined, imageClasses: [], imageVersionId: undefined, name: "", nameMatch: "contains", page: 1 };
}

/** The VMs table showing exactly the VMs a figure counted (its first page, default sort). */
export function buildVmsHref(filter: VmFilter): string {
  const query: ListVmsQuery = { ...parseVmQuery(new URLSearchParams()), cloudId: filter.cloudId, states: [...filter.states], stale: filter.stale, imageClasses: [...(filter.imageClasses ?? [])], imageVersionId: filter.imageVersionId };
  const search = serializeVmQuery(query, new URLSearchParams()).toString();
  return search ? `/vms?${search}` : "/vms";
}
