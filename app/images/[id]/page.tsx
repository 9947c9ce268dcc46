import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DeploymentMatrix } from "@/components/images/deployment-matrix";
import { ImageHistory, ImageVersionCard } from "@/components/images/image-detail";
import { getQueryClient, HydrateClient, trpc } from "@/server/trpc/rsc";

export const metadata: Metadata = { title: "Image" };

export default async function ImagePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!/^\d{1,9}$/.test(id)) notFound();
  const { image, versions, history } = await getQueryClient()
    .fetchQuery(trpc.images.get.queryOptions({ imageId: Number(id) }))
    .catch((error: unknown) => {
      if (error instanceof TRPCError && error.code === "NOT_FOUND") notFound();
      throw error;
    });
  await getQueryClient().prefetchQuery(trpc.images.deployments.queryOptions({ imageId: image.id }));
  return (
    <div className="flex flex-col gap-3">
      <p className="text-sm">
        <Link href="/images" className="underline">
          Images
        </Link>
      </p>
      <h1 className="text-lg font-bold">{image.name}</h1>
      {image.description && <p className="text-sm">{image.description}</p>}
      {image.externalEndorserDn && <p className="text-sm">External image, endorsed by {image.externalEndorserDn}</p>}
      <HydrateClient>
        <DeploymentMatrix imageId={image.id} imageName={image.name} versions={versions.map((v) => ({ id: v.id, version: v.version, state: v.state }))} />
      </HydrateClient>
      {versions.map((v) => (
        <ImageVersionCard key={v.id} version={v} promotionGates={v.promotionGates} />
      ))}
      <ImageHistory entries={history} />
    </div>
  );
}
