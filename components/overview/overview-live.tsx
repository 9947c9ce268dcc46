"use client";

import { useQuery } from "@tanstack/react-query";
import { QueryError } from "@/components/layout/query-error";
import { LoadingRegion, Skeleton } from "@/components/layout/skeleton";
import { useTRPC } from "@/components/trpc/client";
import { LIVE_REFETCH_MS } from "@/components/trpc/query-client";
import { CloudCard } from "./cloud-card";
import { TotalsRow } from "./totals-row";
import { WorkersPanel } from "./workers-panel";

export function OverviewLive() {
  const trpc = useTRPC();
  const overview = useQuery(trpc.overview.get.queryOptions(undefined, { refetchInterval: LIVE_REFETCH_MS }));

  if (overview.error && !overview.data) {
    return <QueryError what="the overview" error={overview.error} onRetry={() => void overview.refetch()} />;
  }
  if (!overview.data) return <OverviewSkeleton />;

  const { totals, clouds } = overview.data;
  return (
    <div className="flex flex-col gap-3">
      {overview.error && <QueryError what="fresh figures; showing the last ones" error={overview.error} />}
      <TotalsRow totals={totals} />
      {clouds.length === 0 ? (
        <p className="rounded border border-dashed border-zinc-300 p-6 text-center text-sm text-zinc-500 dark:border-zinc-700">
          No clouds are configured yet.
        </p>
      ) : (
        <div className="grid grid-cols-[repeat(auto-fill,minmax(280px,1fr))] gap-3">
          {clouds.map((cloud) => (
            <CloudCard key={cloud.id} cloud={cloud} />
          ))}
        </div>
      )}
      <WorkersPanel cloudNames={new Map(clouds.map((c) => [c.id, c.name]))} />
    </div>
  );
}

export function OverviewSkeleton() {
  return (
    <LoadingRegion label="Loading the overview">
      <div className="flex flex-col gap-3">
        <Skeleton className="h-12" />
        <div className="grid grid-cols-[repeat(auto-fill,minmax(280px,1fr))] gap-3">
          {[0, 1, 2, 3].map((i) => (
            <Skeleton key={i} className="h-44" />
          ))}
        </div>
      </div>
    </LoadingRegion>
  );
}
