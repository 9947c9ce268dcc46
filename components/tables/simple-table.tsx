import type { ReactNode } from "react";
import { HeaderCells } from "@/components/tables/header-cells";

export interface Column<T> {
  header: string;
  cell: (row: T) => ReactNode;
  className?: string;
}

/** A small read-only table for short lists (flavors, images, polls); big lists page on the server. */
export function SimpleTable<T>({
  label,
  columns,
  rows,
  rowKey,
  empty,
}: {
  label: string;
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string | number;
  empty: string;
}) {
  if (rows.length === 0) return <p className="py-2 text-xs text-zinc-500">{empty}</p>;
  return (
    // Focusable so keyboard users can scroll a list longer than the box.
    <div className="max-h-80 overflow-auto" tabIndex={0} role="region" aria-label={`${label}, scrollable`}>
      <table aria-label={label} className="w-full border-collapse text-xs">
        <thead className="sticky top-0 bg-zinc-100 dark:bg-zinc-800">
          <tr>
            <HeaderCells headers={columns.map((c) => c.header)} />
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} className="border-t border-zinc-100 dark:border-zinc-800">
              {columns.map((c) => (
                <td key={c.header} className={`px-2 py-1 align-top ${c.className ?? "whitespace-nowrap"}`}>
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
