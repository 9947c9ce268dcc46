import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ActionDetail } from "@/components/actions/action-detail";
import { getQueryClient, HydrateClient, trpc } from "@/server/trpc/rsc";

type Props = { params: Promise<{ id: string }> };

function parseActionId(raw: string): number {
  const id = /^\d{1,12}$/.test(raw) ? Number(raw) : 0;
  if (id < 1) notFound();
  return id;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Action #${parseActionId((await params).id)}` };
}

export default async function ActionPage({ params }: Props) {
  const actionId = parseActionId((await params).id);
  try {
    await getQueryClient().fetchQuery(trpc.actions.byId.queryOptions({ actionId }));
  } catch (error) {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") notFound();
    // Anything else (signed out, a failure): the client shows the message and a retry.
  }
  return (
    <HydrateClient>
      <ActionDetail actionId={actionId} />
    </HydrateClient>
  );
}
