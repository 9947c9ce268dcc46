"use client";

import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import type { ChartRange } from "@/server/services/lib/chart-range";
import { CHART_RANGE_LABELS } from "./chart-range";

/** Links, not buttons: the range lives in the URL (?range=) like every other view setting. */
export function RangeSelector({ range }: { range: ChartRange }) {
  const pathname = usePathname();
  const params = useSearchParams();
  return (
    <nav aria-label="Chart range">
      <ul className="flex overflow-hidden rounded border border-zinc-300 text-xs dark:border-zinc-700">
        {(Object.keys(CHART_RANGE_LABELS) as ChartRange[]).map((option) => {
          const next = new URLSearchParams(params);
          next.set("range", option);
          const current = option === range;
          return (
            <li key={option}>
              <Link
                href={`${pathname}?${next.toString()}`}
                replace
                scroll={false}
                aria-label={`Last ${CHART_RANGE_LABELS[option]}`}
                aria-current={current ? "true" : undefined}
                className={`block px-2 py-0.5 focus-visible:outline-2 focus-visible:outline-sky-500 ${
                  current ? "bg-sky-700 font-semibold text-white" : "hover:bg-zinc-100 dark:hover:bg-zinc-800"
                }`}
              >
                {option}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
