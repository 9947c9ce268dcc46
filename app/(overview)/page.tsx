import { parseChartRange } from "@/components/charts/chart-range";
import { FleetCharts } from "@/components/charts/fleet-charts";
import { ImageListWarning } from "@/components/images/image-list-warning";
import { OverviewLive } from "@/components/overview/overview-live";
import { toSearchParams } from "@/components/url/to-search-params";
import { getQueryClient, HydrateClient, trpc } from "@/server/trpc/rsc";

export default async function OverviewPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const range = parseChartRange(toSearchParams(await searchParams).get("range"));
  const queryClient = getQueryClient();
  const [imageLists] = await Promise.all([
    queryClient.fetchQuery(trpc.images.lists.queryOptions()).catch(() => []),
    queryClient.prefetchQuery(trpc.overview.get.queryOptions()),
    queryClient.prefetchQuery(trpc.charts.vmStates.queryOptions({ range })),
    queryClient.prefetchQuery(trpc.charts.polls.queryOptions({ range })),
  ]);
  return (
    <HydrateClient>
      <h1 className="sr-only">Overview</h1>
      <ImageListWarning lists={imageLists} />
      <OverviewLive />
      <FleetCharts />
    </HydrateClient>
  );
}
