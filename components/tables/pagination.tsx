import { useEffect } from "react";
import { formatCount } from "@/components/format/format-number";
import { describePageRange } from "./page-range";
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
  const range = describePageRange({ page, pageCount, pageSize, total, noun });
  // A page past the last (an old link, rows that went away) moves to the last one.
  useEffect(() => {
    if (range.clampTo !== null) onPage(range.clampTo);
  }, [range.clampTo, onPage]);
  const shownPage = range.clampTo ?? page;
  return (
    <nav aria-label="Pagination" className="flex flex-wrap items-center justify-between gap-2 text-xs">
      <p aria-live="polite">{range.text}</p>
      <div className="flex items-center gap-1">
        <button type="button" className={BUTTON} onClick={() => onPage(1)} disabled={shownPage <= 1} aria-label="First page">
          «
        </button>
        <button type="button" className={BUTTON} onClick={() => onPage(shownPage - 1)} disabled={shownPage <= 1} aria-label="Previous page">
          ‹
        </button>
        <span className="px-1">
          Page {formatCount(shownPage)} of {formatCount(Math.max(1, pageCount))}
        </span>
        <button type="button" className={BUTTON} onClick={() => onPage(shownPage + 1)} disabled={shownPage >= pageCount} aria-label="Next page">
          ›
        </button>
        <button type="button" className={BUTTON} onClick={() => onPage(pageCount)} disabled={shownPage >= pageCount} aria-label="Last page">
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
