import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { VmDetail } from "@/components/vms/vm-detail";
import { parseRouteId } from "@/components/url/parse-route-id";
import { getQueryClient, HydrateClient, trpc } from "@/server/trpc/rsc";

type Props = { params: Promise<{ id: string }> };

function parseVmId(raw: string): number {
  return parseRouteId(raw) ?? notFound();
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const vmId = parseVmId((await params).id);
  const detail = await getQueryClient()
    .fetchQuery(trpc.vms.byId.queryOptions({ vmId }))
    .catch(() => null);
  return { title: detail ? `VM ${detail.name}` : `VM #${vmId}` };
}

export default async function VmPage({ params }: Props) {
  const vmId = parseVmId((await params).id);
  // The layout has already fetched it (or answered 404); this hands it to the client.
  await getQueryClient().prefetchQuery(trpc.vms.byId.queryOptions({ vmId }));
  return (
    <HydrateClient>
      <VmDetail vmId={vmId} />
    </HydrateClient>
  );
}
