import type { ReactNode } from "react";
import { getQueryClient, resolveRouteSubject, trpc } from "@/server/trpc/rsc";

/** Also guards the cloud's site-parameter pages. */
export default async function CloudLayout({ params, children }: { params: Promise<{ id: string }>; children: ReactNode }) {
  await resolveRouteSubject((await params).id, (id) => getQueryClient().fetchQuery(trpc.clouds.byId.queryOptions({ id })));
  return children;
}
