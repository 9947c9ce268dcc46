import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { VmDetail } from "@/components/vms/vm-detail";
import { getQueryClient, HydrateClient, trpc } from "@/server/trpc/rsc";

type Props = { params: Promise<{ id: string }> };

function parseVmId(raw: string): number {
  const id = /^\d{1,12}$/.test(raw) ? Number(raw) : 0;
  if (id < 1) notFound();
  return id;
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
  try {
    await getQueryClient().fetchQuery(trpc.vms.byId.queryOptions({ vmId }));
  } catch (error) {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") notFound();
    // Anything else (signed out, a failure): the client shows the message and a retry.
  }
  return (
    <HydrateClient>
      <VmDetail vmId={vmId} />
    </HydrateClient>
  );
}
