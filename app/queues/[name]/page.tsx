import type { Metadata } from "next";
import { parseChartRange } from "@/components/charts/chart-range";
import { PlanView } from "@/components/queues/plan-view";
import { PolicyPanel } from "@/components/queues/policy-panel";
import { QueueDetail } from "@/components/queues/queue-detail";
import { toSearchParams } from "@/components/url/to-search-params";
import { getQueryClient, HydrateClient, trpc } from "@/server/trpc/rsc";

type Props = {
  params: Promise<{ name: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: decodeURIComponent((await params).name) };
}

export default async function QueuePage({ params, searchParams }: Props) {
  const name = decodeURIComponent((await params).name);
  const range = parseChartRange(toSearchParams(await searchParams).get("range"));
  const queryClient = getQueryClient();
  // Fetched (or answered 404) by the layout; a failure now reaches the error boundary.
  const queue = await queryClient.fetchQuery(trpc.queues.byName.queryOptions({ name }));
  await Promise.all([
    queryClient.prefetchQuery(trpc.queues.jobSeries.queryOptions({ range, queueId: queue.id })),
    queryClient.prefetchQuery(trpc.queues.plan.queryOptions({ queueId: queue.id })),
    queryClient.prefetchQuery(trpc.queues.policy.queryOptions({ queueId: queue.id })),
    queryClient.prefetchQuery(trpc.queues.cloudOffers.queryOptions()),
  ]);
  return (
    <HydrateClient>
      <QueueDetail name={name} range={range}>
        <PlanView queueId={queue.id} />
        <PolicyPanel queueId={queue.id} />
      </QueueDetail>
    </HydrateClient>
  );
}
