import type { ListVmsQuery, VmSortField } from "@/server/services/list-vms";
import { VM_SORT_LABELS } from "./vm-query";

const TH = "px-2 py-1.5 text-left text-xs font-semibold whitespace-nowrap";

/** A column header that sorts the list server-side; aria-sort says how it is sorted now. */
export function SortHeader({ field, query, onSort }: { field: VmSortField; query: ListVmsQuery; onSort: (field: VmSortField) => void }) {
  const active = query.sort === field;
  const label = VM_SORT_LABELS[field];
  return (
    <th scope="col" aria-sort={active ? (query.dir === "asc" ? "ascending" : "descending") : "none"} className={TH}>
      <button
        type="button"
        onClick={() => onSort(field)}
        aria-label={`Sort by ${label}`}
        className="inline-flex items-center gap-1 rounded hover:underline focus-visible:outline-2 focus-visible:outline-sky-500"
      >
        {label}
        <span aria-hidden="true" className={active ? "" : "text-zinc-400"}>
          {active ? (query.dir === "asc" ? "▲" : "▼") : "↕"}
        </span>
      </button>
    </th>
  );
}
