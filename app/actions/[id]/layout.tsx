import type { ReactNode } from "react";
import { getQueryClient, resolveRouteSubject, trpc } from "@/server/trpc/rsc";

export default async function ActionLayout({ params, children }: { params: Promise<{ id: string }>; children: ReactNode }) {
  await resolveRouteSubject((await params).id, (actionId) => getQueryClient().fetchQuery(trpc.actions.byId.queryOptions({ actionId })));
  return children;
}
