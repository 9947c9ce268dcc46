import { z } from "zod";
import { VM_SORT_LABELS } from "./vm-query";

/** The VMs table's columns a user may hide; the name (the row's link) always shows. */
export const VM_COLUMNS = ["cloud", "state", "queue", "image", "imageTrust", "flavor", "ip", "stateChangedAt", "createdAt"] as const;
export type VmColumn = (typeof VM_COLUMNS)[number];

export const VM_COLUMN_LABELS: Record<VmColumn, string> = { ...VM_SORT_LABELS, imageTrust: "Image trust" };

/** The columns the table can sort by (Image trust is a filter, not an order). */
export function isSortableColumn(column: VmColumn): column is Exclude<VmColumn, "imageTrust"> {
  return column !== "imageTrust";
}

const storedColumns = z.object({ hidden: z.array(z.string()) });

/** The columns to show, from what was stored (anything unreadable or unknown is ignored, so a new column shows). */
export function parseShownColumns(stored: string | null): ReadonlySet<VmColumn> {
  let hidden: string[] = [];
  try {
    hidden = stored === null ? [] : storedColumns.parse(JSON.parse(stored)).hidden;
  } catch {
    // a hand-edited or older value: show everything
  }
  return new Set(VM_COLUMNS.filter((c) => !hidden.includes(c)));
}

/** What is stored: the hidden columns, so columns added later show by default. */
export function serializeShownColumns(shown: ReadonlySet<VmColumn>): string {
  return JSON.stringify({ hidden: VM_COLUMNS.filter((c) => !shown.has(c)) });
}

export function toggleColumn(shown: ReadonlySet<VmColumn>, column: VmColumn, on: boolean): ReadonlySet<VmColumn> {
  return new Set(VM_COLUMNS.filter((c) => (c === column ? on : shown.has(c))));
}
