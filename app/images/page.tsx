import type { Metadata } from "next";
import Link from "next/link";
import { ImageFilters, ImagePager, ImageVersionsTable } from "@/components/images/image-catalogue";
import { parseImageQuery, toImageListInput } from "@/components/images/image-query";
import { toSearchParams } from "@/components/url/to-search-params";
import { getQueryClient, trpc } from "@/server/trpc/rsc";

export const metadata: Metadata = { title: "Images" };

export default async function ImagesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const query = parseImageQuery(toSearchParams(await searchParams));
  const list = await getQueryClient().fetchQuery(trpc.images.list.queryOptions(toImageListInput(query)));
  return (
    <div className="flex flex-col gap-3">
      <div className="flex items-center justify-between gap-2">
        <h1 className="text-lg font-bold">Images</h1>
        <div className="flex gap-3 text-sm">
          <Link href="/approvals" className="underline">
            Approvals
          </Link>
          <Link href="/images/import" className="underline">
            Import a list
          </Link>
          <Link href="/images/endorser" className="underline">
            Endorser and lists
          </Link>
          <Link href="/images/submit" className="rounded bg-sky-700 px-3 py-1 text-white hover:bg-sky-800">
            Submit a version
          </Link>
        </div>
      </div>
      <ImageFilters query={query} />
      {list.rows.length === 0 ? <p className="rounded border border-zinc-200 bg-white px-3 py-8 text-center text-sm dark:border-zinc-800 dark:bg-zinc-900">No image versions match.</p> : <ImageVersionsTable rows={list.rows} label="Image versions" />}
      <ImagePager query={query} pageCount={list.pageCount} total={list.total} />
    </div>
  );
}
