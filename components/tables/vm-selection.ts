import { MAX_BULK_VMS } from "@/server/domain/action-params";

/** The VMs an operator has ticked, kept in the URL (?sel=1,2,3) so a selection survives a reload and can be shared. */

export const SELECTION_KEY = "sel";
/** The server's limit for one drain or destroy. */
export const MAX_SELECTION = MAX_BULK_VMS;

export function parseSelection(params: URLSearchParams): number[] {
  const raw = params.get(SELECTION_KEY);
  if (!raw) return [];
  const ids = new Set<number>();
  for (const part of raw.split(",")) {
    if (!/^\d{1,12}$/.test(part)) continue;
    const id = Number(part);
    if (id >= 1) ids.add(id);
    if (ids.size >= MAX_SELECTION) break;
  }
  return [...ids];
}

export function serializeSelection(ids: readonly number[], current: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(current);
  if (ids.length === 0) next.delete(SELECTION_KEY);
  else next.set(SELECTION_KEY, ids.slice(0, MAX_SELECTION).join(","));
  return next;
}

export function toggleOne(selected: readonly number[], id: number, on: boolean): number[] {
  const rest = selected.filter((s) => s !== id);
  return on ? [...rest, id] : rest;
}

/** Ticks or unticks every VM of the page; ticks on other pages stay. */
export function togglePage(selected: readonly number[], pageIds: readonly number[], on: boolean): number[] {
  const page = new Set(pageIds);
  const rest = selected.filter((s) => !page.has(s));
  return on ? [...rest, ...pageIds] : rest;
}

/**
 * Shift-click: every row between the last clicked one (`anchor`) and this one takes this
 * one's new state. Without an anchor on this page it is a plain toggle.
 */
export function toggleRange(selected: readonly number[], pageIds: readonly number[], anchor: number | null, id: number, on: boolean): number[] {
  const from = anchor === null ? -1 : pageIds.indexOf(anchor);
  const to = pageIds.indexOf(id);
  if (from < 0 || to < 0) return toggleOne(selected, id, on);
  const range = pageIds.slice(Math.min(from, to), Math.max(from, to) + 1);
  return togglePage(selected, range, on);
}

/** "all" / "some" / "none" of the page's rows are ticked (for the header checkbox). */
export function pageSelectionState(selected: readonly number[], pageIds: readonly number[]): "all" | "some" | "none" {
  const set = new Set(selected);
  const ticked = pageIds.filter((id) => set.has(id)).length;
  if (ticked === 0) return "none";
  return ticked === pageIds.length ? "all" : "some";
}
