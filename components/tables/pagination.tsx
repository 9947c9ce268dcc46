import { formatCount } from "@/components/format/format-number";
import { VM_PAGE_SIZES } from "./vm-query";

const BUTTON =
  "rounded border border-zinc-300 px-2 py-0.5 hover:bg-zinc-100 disabled:opacity-40 disabled:hover:bg-transparent focus-visible:outline-2 focus-visible:outline-sky-500 dark:border-zinc-700 dark:hover:bg-zinc-800";

export function Pagination({
  page,
  pageCount,
  pageSize,
  total,
  onPage,
  onPageSize,
  noun = "VMs",
  pageSizes = VM_PAGE_SIZES,
}: {
  page: number;
  pageCount: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
  /** Without it, the page size is fixed and not offered. */
  onPageSize?: (size: number) => void;
  noun?: string;
  pageSizes?: number[];
}) {
  const first = total === 0 ? 0 : Math.min((page - 1) * pageSize + 1, total);
  const last = Math.min(page * pageSize, total);
  return (
    <nav aria-label="Pagination" className="flex flex-wrap items-center justify-between gap-2 text-xs">
      <p aria-live="polite">
        {formatCount(first)}–{formatCount(last)} of <strong>{formatCount(total)}</strong> {noun}
      </p>
      <div className="flex items-center gap-1">
        <button type="button" className={BUTTON} onClick={() => onPage(1)} disabled={page <= 1} aria-label="First page">
          «
        </button>
        <button type="button" className={BUTTON} onClick={() => onPage(page - 1)} disabled={page <= 1} aria-label="Previous page">
          ‹
        </button>
        <span className="px-1">
          Page {formatCount(page)} of {formatCount(pageCount)}
        </span>
        <button type="button" className={BUTTON} onClick={() => onPage(page + 1)} disabled={page >= pageCount} aria-label="Next page">
          ›
        </button>
        <button type="button" className={BUTTON} onClick={() => onPage(pageCount)} disabled={page >= pageCount} aria-label="Last page">
          »
        </button>
        {onPageSize && (
          <label className="ml-2 flex items-center gap-1">
            Rows
            <select
              aria-label="Rows per page"
              value={pageSize}
              onChange={(e) => onPageSize(Number(e.target.value))}
              className="rounded border border-zinc-300 bg-transparent px-1 py-0.5 dark:border-zinc-700"
            >
              {pageSizes.map((size) => (
                <option key={size} value={size}>
                  {size}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
    </nav>
  );
}
