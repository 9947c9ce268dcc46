import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ActionDetail } from "@/components/actions/action-detail";
import { parseRouteId } from "@/components/url/parse-route-id";
import { getQueryClient, HydrateClient, trpc } from "@/server/trpc/rsc";

type Props = { params: Promise<{ id: string }> };

function parseActionId(raw: string): number {
  return parseRouteId(raw) ?? notFound();
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Action #${parseActionId((await params).id)}` };
}

export default async function ActionPage({ params }: Props) {
  const actionId = parseActionId((await params).id);
  // The layout has already fetched it (or answered 404); this hands it to the client.
  await getQueryClient().prefetchQuery(trpc.actions.byId.queryOptions({ actionId }));
  return (
    <HydrateClient>
      <ActionDetail actionId={actionId} />
    </HydrateClient>
  );
}
