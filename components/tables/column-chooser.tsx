"use client";

import { Columns3 } from "lucide-react";
import { VM_COLUMN_LABELS, VM_COLUMNS, toggleColumn, type VmColumn } from "./vm-columns";

/** Tick boxes for the VMs table's columns; a disclosure, so it opens and closes by keyboard as by mouse. */
export function ColumnChooser({ shown, onChange, showCloud }: { shown: ReadonlySet<VmColumn>; onChange: (shown: ReadonlySet<VmColumn>) => void; showCloud: boolean }) {
  return (
    <details className="relative shrink-0 text-xs">
      <summary className="flex cursor-pointer list-none items-center gap-1 rounded border border-zinc-300 px-2 py-0.5 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-sky-500 dark:border-zinc-700 dark:hover:bg-zinc-800">
        <Columns3 aria-hidden="true" className="h-3.5 w-3.5" />
        Columns
      </summary>
      <fieldset className="absolute right-0 z-30 mt-1 flex min-w-40 flex-col gap-1 rounded border border-zinc-300 bg-white p-2 shadow-lg dark:border-zinc-700 dark:bg-zinc-900">
        <legend className="sr-only">Columns to show</legend>
        {VM_COLUMNS.filter((c) => c !== "cloud" || showCloud).map((column) => (
          <label key={column} className="flex items-center gap-2 whitespace-nowrap">
            <input type="checkbox" className="h-3.5 w-3.5 accent-sky-600" checked={shown.has(column)} onChange={(e) => onChange(toggleColumn(shown, column, e.target.checked))} />
            {VM_COLUMN_LABELS[column]}
          </label>
        ))}
      </fieldset>
    </details>
  );
}
