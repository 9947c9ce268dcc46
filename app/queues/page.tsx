import type { Metadata } from "next";
import { AutoscalePauseControl } from "@/components/queues/autoscale-pause-control";
import { QueueList } from "@/components/queues/queue-list";
import { getQueryClient, HydrateClient, trpc } from "@/server/trpc/rsc";

export const metadata: Metadata = { title: "Queues" };

export default async function QueuesPage() {
  await Promise.all([getQueryClient().prefetchQuery(trpc.queues.list.queryOptions()), getQueryClient().prefetchQuery(trpc.queues.pause.queryOptions())]);
  return (
    <HydrateClient>
      <div className="flex flex-wrap items-end justify-between gap-2">
        <h1 className="text-lg font-bold">Queues</h1>
        <AutoscalePauseControl />
      </div>
      <QueueList />
    </HydrateClient>
  );
}
