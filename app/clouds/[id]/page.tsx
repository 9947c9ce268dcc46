import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { parseChartRange } from "@/components/charts/chart-range";
import { CloudOperatorBar } from "@/components/actions/cloud-operator-bar";
import { CloudDetailLive } from "@/components/clouds/cloud-detail-live";
import { SiteParamsLink } from "@/components/site-params/site-params-link";
import { parseRouteId } from "@/components/url/parse-route-id";
import { toSearchParams } from "@/components/url/to-search-params";
import { parseVmQuery } from "@/components/tables/vm-query";
import { getQueryClient, HydrateClient, trpc } from "@/server/trpc/rsc";

type Props = {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

function parseCloudId(raw: string): number {
  return parseRouteId(raw) ?? notFound();
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const id = parseCloudId((await params).id);
  const detail = await getQueryClient()
    .fetchQuery(trpc.clouds.byId.queryOptions({ id }))
    .catch(() => null);
  return { title: detail?.cloud.name ?? "Cloud" };
}

export default async function CloudPage({ params, searchParams }: Props) {
  const id = parseCloudId((await params).id);
  const search = toSearchParams(await searchParams);
  const range = parseChartRange(search.get("range"));
  const queryClient = getQueryClient();
  // Fetched (or answered 404) by the layout; a failure now reaches the error boundary.
  await queryClient.fetchQuery(trpc.clouds.byId.queryOptions({ id }));
  await Promise.all([
    queryClient.prefetchQuery(trpc.vms.list.queryOptions(parseVmQuery(search, id))),
    queryClient.prefetchQuery(trpc.vms.filterOptions.queryOptions({ cloudId: id })),
    queryClient.prefetchQuery(trpc.charts.vmStates.queryOptions({ range, cloudId: id })),
    queryClient.prefetchQuery(trpc.charts.polls.queryOptions({ range, cloudId: id })),
  ]);
  return (
    <HydrateClient>
      <CloudDetailLive
        cloudId={id}
        controls={
          <>
            <CloudOperatorBar cloudId={id} />
            <SiteParamsLink cloudId={id} />
          </>
        }
      />
    </HydrateClient>
  );
}
