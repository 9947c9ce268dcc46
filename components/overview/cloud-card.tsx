"use client";

import { CircleX } from "lucide-react";
import Link from "next/link";
import { formatLatency } from "@/components/format/format-number";
import { CloudStatusBadge } from "@/components/status/cloud-status-badge";
import { QuotaBar } from "@/components/status/quota-bar";
import { StaleBadge } from "@/components/status/stale-badge";
import { DoubtfulImagesBadge } from "@/components/status/doubtful-images-badge";
import { buildVmsHref } from "@/components/tables/vm-query";
import { filterLiveVms, filterStaleVms } from "@/server/domain/vm-filter";
import { SAMPLED_VM_STATES } from "@/server/domain/vocabulary";
import { RelativeTime } from "@/components/time/relative-time";
import type { CloudCardData } from "@/server/services/get-overview";
import { StateCounts } from "@/components/status/state-counts";
import { OperatorReason } from "@/components/clouds/operator-reason";
import { isProblemCloud } from "@/server/domain/cloud-triage";
import { problemOutline } from "./problem-outline";

export function CloudCard({ cloud }: { cloud: CloudCardData }) {
  const poll = cloud.lastVmPoll;
  return (
    <article
      aria-label={`cloud ${cloud.name}`}
      data-problem={isProblemCloud(cloud) || undefined}
      className={`flex flex-col gap-2 rounded border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900 ${problemOutline(cloud)}`}
    >
      <header className="flex items-start justify-between gap-2">
        <div className="min-w-0">
          <h3 className="truncate text-sm font-semibold">
            <Link href={`/clouds/${cloud.id}`} className="hover:underline focus-visible:outline-2 focus-visible:outline-sky-500">
              {cloud.name}
            </Link>
          </h3>
          <p className="text-xs text-zinc-500">
            {cloud.kind}
            {cloud.region && ` · ${cloud.region}`}
          </p>
        </div>
        <div className="flex shrink-0 flex-col items-end gap-1">
          <CloudStatusBadge status={cloud.status} />
          {cloud.stale > 0 && <StaleBadge count={cloud.stale} href={buildVmsHref(filterStaleVms(cloud.id))} />}
          <DoubtfulImagesBadge count={cloud.onDoubtfulImages} cloudId={cloud.id} />
        </div>
      </header>
      {(cloud.statusReason || cloud.statusSince) && (
        <p className="text-xs">
          {cloud.statusReason && <span className="text-zinc-700 dark:text-zinc-300">{cloud.statusReason} </span>}
          {cloud.statusSince && (
            <span className="text-zinc-500">
              (<RelativeTime at={cloud.statusSince} prefix="since " />)
            </span>
          )}
        </p>
      )}
      <OperatorReason cloud={cloud} />
      <StateCounts counts={cloud.counts} states={SAMPLED_VM_STATES} cloudId={cloud.id} />
      {cloud.quotas.length > 0 && (
        <div className="flex flex-col gap-1">
          {cloud.quotas.map((q) => (
            <QuotaBar key={q.resource} quota={q} href={buildVmsHref(filterLiveVms(cloud.id))} />
          ))}
        </div>
      )}
      <footer className="mt-auto flex flex-wrap justify-between gap-x-2 border-t border-zinc-100 pt-1.5 text-xs text-zinc-500 dark:border-zinc-800">
        <span>
          VMs polled <RelativeTime at={poll?.lastSuccessAt ?? null} />
          {poll?.lastLatencyMs != null && ` · ${formatLatency(poll.lastLatencyMs)}`}
        </span>
        {poll && poll.consecutiveFailures > 0 && (
          <span className="text-red-700 dark:text-red-400" title={poll.lastError ?? undefined}>
            <CircleX aria-hidden="true" className="inline size-3.5 align-text-bottom" /> {poll.consecutiveFailures} failed in a row
          </span>
        )}
      </footer>
    </article>
  );
}
