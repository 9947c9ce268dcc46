import type { ReactNode } from "react";
import { getQueryClient, resolveRouteSubject, trpc } from "@/server/trpc/rsc";

export default async function VmLayout({ params, children }: { params: Promise<{ id: string }>; children: ReactNode }) {
  await resolveRouteSubject((await params).id, (vmId) => getQueryClient().fetchQuery(trpc.vms.byId.queryOptions({ vmId })));
  return children;
}
