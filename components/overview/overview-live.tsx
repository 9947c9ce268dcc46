"use client";

import { useQuery } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { QueryError } from "@/components/layout/query-error";
import { LoadingRegion, Skeleton } from "@/components/layout/skeleton";
import { useTRPC } from "@/components/trpc/client";
import { LIVE_REFETCH_MS } from "@/components/trpc/query-client";
import { groupClouds, type CloudGrouping } from "@/server/domain/cloud-triage";
import type { CloudCardData } from "@/server/services/get-overview";
import { CloudCard } from "./cloud-card";
import { CloudList } from "./cloud-list";
import { parseOverviewView, type OverviewLayout } from "./overview-view";
import { OverviewViewControls } from "./overview-view-controls";
import { TotalsRow } from "./totals-row";
import { WorkersPanel } from "./workers-panel";

export function OverviewLive() {
  const trpc = useTRPC();
  const overview = useQuery(trpc.overview.get.queryOptions(undefined, { refetchInterval: LIVE_REFETCH_MS }));
  const view = parseOverviewView(useSearchParams());

  if (overview.error && !overview.data) {
    return <QueryError what="the overview" error={overview.error} onRetry={() => void overview.refetch()} />;
  }
  if (!overview.data) return <OverviewSkeleton />;

  const { totals, clouds } = overview.data;
  const grouping = groupingsFor(clouds).includes(view.group) ? view.group : "none";
  return (
    <div className="flex flex-col gap-3">
      {overview.error && <QueryError what="fresh figures; showing the last ones" error={overview.error} />}
      <TotalsRow totals={totals} />
      {clouds.length === 0 ? (
        <p className="rounded border border-dashed border-zinc-300 p-6 text-center text-sm text-zinc-500 dark:border-zinc-700">
          No clouds are configured yet.
        </p>
      ) : (
        <section aria-labelledby="overview-clouds" className="flex flex-col gap-2">
          <div className="flex items-center justify-between gap-2">
            <h2 id="overview-clouds" className="text-sm font-semibold">
              Clouds, worst first
            </h2>
            <OverviewViewControls view={view} groupings={groupingsFor(clouds)} />
          </div>
          {groupClouds(clouds, grouping).map((group) => (
            <CloudGroup key={group.key ?? ""} title={groupTitle(grouping, group.key)} clouds={group.clouds} layout={view.layout} />
          ))}
        </section>
      )}
      <WorkersPanel cloudNames={new Map(clouds.map((c) => [c.id, c.name]))} />
    </div>
  );
}

/** Grouping by region is offered only when some cloud has one. */
function groupingsFor(clouds: CloudCardData[]): CloudGrouping[] {
  return clouds.some((c) => c.region) ? ["none", "kind", "region"] : ["none", "kind"];
}

/** The heading of a group; none when not grouping. */
function groupTitle(group: CloudGrouping, key: string | null): string | null {
  if (group === "none") return null;
  if (group === "region") return key === null ? "No region" : `Region ${key}`;
  return key;
}

function CloudGroup({ title, clouds, layout }: { title: string | null; clouds: CloudCardData[]; layout: OverviewLayout }) {
  const label = title ?? "Clouds";
  return (
    <div className="flex flex-col gap-1.5">
      {title && (
        <h3 className="text-xs font-semibold tracking-wide text-zinc-600 uppercase dark:text-zinc-400">
          {title} <span className="font-normal">({clouds.length})</span>
        </h3>
      )}
      {layout === "list" ? (
        <CloudList clouds={clouds} label={label} />
      ) : (
        <div className="grid grid-cols-[repeat(auto-fill,minmax(280px,1fr))] gap-3">
          {clouds.map((cloud) => (
            <CloudCard key={cloud.id} cloud={cloud} />
          ))}
        </div>
      )}
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
