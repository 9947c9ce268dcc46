import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { SiteParamsPage } from "@/components/site-params/site-params-page";
import { getQueryClient, HydrateClient, trpc } from "@/server/trpc/rsc";

type Props = { params: Promise<{ id: string }> };

function parseCloudId(raw: string): number {
  const id = /^\d{1,9}$/.test(raw) ? Number(raw) : 0;
  if (id < 1) notFound();
  return id;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const cloudId = parseCloudId((await params).id);
  const preview = await getQueryClient()
    .fetchQuery(trpc.siteParams.preview.queryOptions({ cloudId }))
    .catch(() => null);
  return { title: preview ? `Site parameters · ${preview.cloud.name}` : "Site parameters" };
}

export default async function CloudSiteParamsPage({ params }: Props) {
  const cloudId = parseCloudId((await params).id);
  const queryClient = getQueryClient();
  try {
    await queryClient.fetchQuery(trpc.siteParams.preview.queryOptions({ cloudId }));
  } catch (error) {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
  await Promise.all([
    queryClient.prefetchQuery(trpc.siteParams.get.queryOptions({ cloudId })),
    queryClient.prefetchQuery(trpc.siteParams.history.queryOptions({ cloudId })),
  ]);
  return (
    <HydrateClient>
      <SiteParamsPage cloudId={cloudId} />
    </HydrateClient>
  );
}
