import type { Metadata } from "next";
import { QueueList } from "@/components/queues/queue-list";
import { getQueryClient, HydrateClient, trpc } from "@/server/trpc/rsc";

export const metadata: Metadata = { title: "Queues" };

export default async function QueuesPage() {
  await getQueryClient().prefetchQuery(trpc.queues.list.queryOptions());
  return (
    <HydrateClient>
      <h1 className="mb-2 text-lg font-bold">Queues</h1>
      <QueueList />
    </HydrateClient>
  );
}
