import { TRPCError } from "@trpc/server";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { getQueryClient, trpc } from "@/server/trpc/rsc";

/** An unknown queue name is a 404, like an unknown cloud id. */
export default async function QueueLayout({ params, children }: { params: Promise<{ name: string }>; children: ReactNode }) {
  const name = decodeURIComponent((await params).name);
  try {
    await getQueryClient().fetchQuery(trpc.queues.byName.queryOptions({ name }));
  } catch (error) {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") notFound();
  }
  return children;
}
