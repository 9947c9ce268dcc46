import type { Metadata } from "next";
import { ActionsList } from "@/components/actions/actions-list";
import { parseActionsQuery, toActionsListInput } from "@/components/actions/actions-query";
import { toSearchParams } from "@/components/url/to-search-params";
import { ExportLinks } from "@/components/tables/export-links";
import { getQueryClient, HydrateClient, trpc } from "@/server/trpc/rsc";

export const metadata: Metadata = { title: "Actions" };

export default async function ActionsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const query = parseActionsQuery(toSearchParams(await searchParams));
  await getQueryClient().prefetchQuery(trpc.actions.list.queryOptions(toActionsListInput(query)));
  return (
    <HydrateClient>
      <div className="flex items-center justify-between gap-2">
        <h1 className="text-lg font-bold">Actions</h1>
        <ExportLinks view="actions" what="these actions" />
      </div>
      <ActionsList />
    </HydrateClient>
  );
}
