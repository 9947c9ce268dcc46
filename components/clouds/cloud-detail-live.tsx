"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { ReactNode } from "react";
import { FleetCharts } from "@/components/charts/fleet-charts";
import { formatCount } from "@/components/format/format-number";
import { QueryError } from "@/components/layout/query-error";
import { Section } from "@/components/layout/section";
import { LoadingRegion, Skeleton } from "@/components/layout/skeleton";
import { StateCounts } from "@/components/status/state-counts";
import { CloudStatusBadge } from "@/components/status/cloud-status-badge";
import { QuotaBar } from "@/components/status/quota-bar";
import { StaleBadge } from "@/components/status/stale-badge";
import { DoubtfulImagesBadge } from "@/components/status/doubtful-images-badge";
import { filterLiveVms, filterStaleVms } from "@/server/domain/vm-filter";
import { SAMPLED_VM_STATES } from "@/server/domain/vocabulary";
import { buildVmsHref } from "@/components/tables/vm-query";
import { VmsTable } from "@/components/tables/vms-table";
import { RelativeTime } from "@/components/time/relative-time";
import { useTRPC } from "@/components/trpc/client";
import { LIVE_REFETCH_MS } from "@/components/trpc/query-client";
import { FlavorsTable, HealthSignalsTable, ImagesTable, PollLogTable, PollStateTable, VmErrorsTable } from "./cloud-tables";
import { OperatorReason } from "./operator-reason";

/** `controls`: the operator's buttons for this cloud, placed in its header. */
export function CloudDetailLive({ cloudId, controls }: { cloudId: number; controls?: ReactNode }) {
  const trpc = useTRPC();
  const detail = useQuery(trpc.clouds.byId.queryOptions({ id: cloudId }, { refetchInterval: LIVE_REFETCH_MS }));

  if (detail.error && !detail.data) {
    return <QueryError what="this cloud" error={detail.error} onRetry={() => void detail.refetch()} />;
  }
  if (!detail.data) return <CloudDetailSkeleton />;

  const { cloud, counts, live, stale, onDoubtfulImages, quotas, flavors, images, polls, recentPolls, recentPollErrors, recentVmErrors, signals } = detail.data;
  return (
    <div className="flex flex-col gap-3">
      {detail.error && <QueryError what="fresh figures; showing the last ones" error={detail.error} />}
      <header className="flex flex-wrap items-start justify-between gap-3 rounded border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900">
        <div className="min-w-0">
          <h1 className="flex items-center gap-2 text-lg font-bold">
            {cloud.name} <CloudStatusBadge status={cloud.status} />
            {stale > 0 && <StaleBadge count={stale} href={buildVmsHref(filterStaleVms(cloud.id))} />}
            <DoubtfulImagesBadge count={onDoubtfulImages} cloudId={cloud.id} />
          </h1>
          <p className="text-xs text-zinc-500">
            {cloud.kind}
            {cloud.region && ` · ${cloud.region}`} · {cloud.endpoint}
            {!cloud.enabled && " · disabled"}
          </p>
          <p className="mt-1 text-sm">
            {cloud.statusReason ?? (cloud.status === "up" ? "Answering normally." : "No reason recorded.")}{" "}
            {cloud.statusSince && (
              <span className="text-zinc-500">
                (<RelativeTime at={cloud.statusSince} prefix="since " />)
              </span>
            )}
          </p>
          <OperatorReason cloud={cloud} />
          {controls}
        </div>
        <div className="flex flex-col gap-1">
          <p className="text-sm">
            <Link href={buildVmsHref(filterLiveVms(cloud.id))} className="hover:underline focus-visible:outline-2 focus-visible:outline-sky-500">
              <strong className="tabular-nums">{formatCount(live)}</strong> live VMs
            </Link>
          </p>
          <StateCounts counts={counts} states={SAMPLED_VM_STATES} cloudId={cloud.id} />
        </div>
        <div className="flex w-64 flex-col gap-1">
          {quotas.length === 0 ? (
            <p className="text-xs text-zinc-500">No quota figures yet.</p>
          ) : (
            quotas.map((q) => <QuotaBar key={q.resource} quota={q} href={buildVmsHref(filterLiveVms(cloud.id))} />)
          )}
        </div>
      </header>

      <div className="grid grid-cols-1 gap-3 xl:grid-cols-2">
        <Section title="API health">
          <HealthSignalsTable signals={signals} />
          <h3 className="mt-3 mb-1 text-xs font-semibold">Polling by resource</h3>
          <PollStateTable polls={polls} />
          <h3 className="mt-3 mb-1 text-xs font-semibold">Recent polls</h3>
          <PollLogTable label="Recent polls" polls={recentPolls} empty="No polls recorded yet." />
        </Section>
        <Section title="Last errors">
          <PollLogTable label="Failed polls" polls={recentPollErrors} empty="No failed polls recorded." />
          <h3 className="mt-3 mb-1 text-xs font-semibold">VMs in error</h3>
          <VmErrorsTable vms={recentVmErrors} />
        </Section>
      </div>

      <FleetCharts cloudId={cloud.id} />

      <Section title="VMs">
        <VmsTable fixedCloudId={cloud.id} />
      </Section>

      <div className="grid grid-cols-1 gap-3 xl:grid-cols-2">
        <Section title={`Flavors (${flavors.length})`}>
          <FlavorsTable flavors={flavors} />
        </Section>
        <Section title={`Images (${images.length})`}>
          <ImagesTable images={images} />
        </Section>
      </div>
    </div>
  );
}

export function CloudDetailSkeleton() {
  return (
    <LoadingRegion label="Loading the cloud">
      <div className="flex flex-col gap-3">
        <Skeleton className="h-24" />
        <Skeleton className="h-96" />
        <Skeleton className="h-64" />
      </div>
    </LoadingRegion>
  );
}
