import { TriangleExclamationPoint } from "lucide-react";
import Link from "next/link";
import { formatCount } from "@/components/format/format-number";
import { buildVmsHref } from "@/components/tables/vm-query";
import { filterLiveVms, filterStaleVms } from "@/server/domain/vm-filter";
import { SAMPLED_VM_STATES } from "@/server/domain/vocabulary";
import type { Overview } from "@/server/services/get-overview";
import { StateCounts } from "@/components/status/state-counts";
import { DoubtfulImagesBadge } from "@/components/status/doubtful-images-badge";

export function TotalsRow({ totals }: { totals: Overview["totals"] }) {
  const troubled = totals.cloudsByStatus.degraded + totals.cloudsByStatus.down;
  return (
    <section aria-label="Fleet totals" className="flex flex-wrap items-center gap-x-6 gap-y-2 rounded border border-zinc-200 bg-white px-3 py-2 dark:border-zinc-800 dark:bg-zinc-900">
      <p aria-label={`live ${totals.live}`} className="text-sm">
        <Link href={buildVmsHref(filterLiveVms())} className="hover:underline focus-visible:outline-2 focus-visible:outline-sky-500">
          <span className="text-2xl font-bold tabular-nums">{formatCount(totals.live)}</span> live VMs
        </Link>
      </p>
      <p className="text-sm">
        <strong className="tabular-nums">{totals.clouds}</strong> clouds
        {troubled > 0 && (
          <span className="ml-1 font-semibold text-red-700 dark:text-red-400">
            (<TriangleExclamationPoint aria-hidden="true" className="inline size-3.5 align-text-bottom" /> {troubled} degraded or down)
          </span>
        )}
      </p>
      {totals.stale > 0 && (
        <p className="text-sm text-amber-700 dark:text-amber-400">
          <Link href={buildVmsHref(filterStaleVms())} className="hover:underline focus-visible:outline-2 focus-visible:outline-sky-500">
            <TriangleExclamationPoint aria-hidden="true" className="inline size-3.5 align-text-bottom" /> {formatCount(totals.stale)} VMs stale
          </Link>
        </p>
      )}
      <DoubtfulImagesBadge count={totals.onDoubtfulImages} />
      <StateCounts counts={totals.counts} states={SAMPLED_VM_STATES} />
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        <strong className="tabular-nums">{formatCount(totals.terminatedLastDay)}</strong> terminated in the last 24 h
      </p>
    </section>
  );
}
