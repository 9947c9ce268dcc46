import type { Metadata } from "next";
import { toSearchParams } from "@/components/url/to-search-params";
import { parseVmQuery } from "@/components/tables/vm-query";
import { VmsTable } from "@/components/tables/vms-table";
import { ExportLinks } from "@/components/tables/export-links";
import { getQueryClient, HydrateClient, trpc } from "@/server/trpc/rsc";

export const metadata: Metadata = { title: "VMs" };

export default async function VmsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const query = parseVmQuery(toSearchParams(await searchParams));
  const queryClient = getQueryClient();
  await Promise.all([
    queryClient.prefetchQuery(trpc.vms.list.queryOptions(query)),
    queryClient.prefetchQuery(trpc.vms.filterOptions.queryOptions({})),
  ]);
  return (
    <HydrateClient>
      <div className="flex items-center justify-between gap-2">
        <h1 className="text-lg font-bold">VMs</h1>
        <ExportLinks view="vms" what="these VMs" />
      </div>
      <VmsTable />
    </HydrateClient>
  );
}
