import type { ReactNode } from "react";
import { getQueryClient, resolveRouteSubject, trpc } from "@/server/trpc/rsc";

export default async function ImageLayout({ params, children }: { params: Promise<{ id: string }>; children: ReactNode }) {
  await resolveRouteSubject((await params).id, (imageId) => getQueryClient().fetchQuery(trpc.images.get.queryOptions({ imageId })));
  return children;
}
