"use client";

import Link from "next/link";
import { formatCount } from "@/components/format/format-number";
import { CloudStatusBadge } from "@/components/status/cloud-status-badge";
import { StaleBadge } from "@/components/status/stale-badge";
import { StateCounts } from "@/components/status/state-counts";
import { buildVmsHref } from "@/components/tables/vm-query";
import { RelativeTime } from "@/components/time/relative-time";
import { isProblemCloud } from "@/server/domain/cloud-triage";
import { filterLiveVms, filterStaleVms } from "@/server/domain/vm-filter";
import { SAMPLED_VM_STATES } from "@/server/domain/vocabulary";
import type { CloudCardData } from "@/server/services/get-overview";
import { problemEdge } from "./problem-outline";

/** The compact overview: one line per cloud, so fifty fit on a screen. */
export function CloudList({ clouds, label }: { clouds: CloudCardData[]; label: string }) {
  return (
    <div className="overflow-x-auto rounded border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <table aria-label={label} className="w-full text-xs">
        <thead className="bg-zinc-50 text-left text-zinc-600 dark:bg-zinc-950 dark:text-zinc-400">
          <tr>
            <th className="px-2 py-1 font-medium">Cloud</th>
            <th className="px-2 py-1 font-medium">Status</th>
            <th className="px-2 py-1 text-right font-medium">Live</th>
            <th className="px-2 py-1 font-medium">VMs by state</th>
            <th className="px-2 py-1 font-medium">Polled</th>
          </tr>
        </thead>
        <tbody>
          {clouds.map((cloud) => (
            <tr
              key={cloud.id}
              aria-label={`cloud ${cloud.name}`}
              data-problem={isProblemCloud(cloud) || undefined}
              className="border-t border-zinc-100 whitespace-nowrap dark:border-zinc-800"
            >
              <td className={`px-2 py-1 ${problemEdge(cloud)}`}>
                <Link href={`/clouds/${cloud.id}`} className="font-semibold hover:underline focus-visible:outline-2 focus-visible:outline-sky-500">
                  {cloud.name}
                </Link>
                <span className="ml-2 text-zinc-500">
                  {cloud.kind}
                  {cloud.region && ` · ${cloud.region}`}
                </span>
              </td>
              <td className="px-2 py-1" title={cloud.statusReason ?? undefined}>
                <CloudStatusBadge status={cloud.status} />
                {cloud.paused && <span className="ml-1 text-zinc-600 dark:text-zinc-400">paused</span>}
                {cloud.stale > 0 && (
                  <span className="ml-1">
                    <StaleBadge count={cloud.stale} href={buildVmsHref(filterStaleVms(cloud.id))} />
                  </span>
                )}
              </td>
              <td className="px-2 py-1 text-right tabular-nums">
                <Link href={buildVmsHref(filterLiveVms(cloud.id))} className="hover:underline focus-visible:outline-2 focus-visible:outline-sky-500">
                  {formatCount(cloud.live)}
                </Link>
              </td>
              <td className="px-2 py-1">
                <StateCounts counts={cloud.counts} states={SAMPLED_VM_STATES} cloudId={cloud.id} />
              </td>
              <td className="px-2 py-1 text-zinc-500">
                <RelativeTime at={cloud.lastVmPoll?.lastSuccessAt ?? null} />
                {cloud.lastVmPoll && cloud.lastVmPoll.consecutiveFailures > 0 && (
                  <span className="ml-1 text-red-700 dark:text-red-400" title={cloud.lastVmPoll.lastError ?? undefined}>
                    {cloud.lastVmPoll.consecutiveFailures} failed
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
