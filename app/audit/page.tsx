import type { Metadata } from "next";
import { AuditLog } from "@/components/audit/audit-log";
import { parseAuditQuery, toAuditListInput } from "@/components/audit/audit-query";
import { toSearchParams } from "@/components/url/to-search-params";
import { ExportLinks } from "@/components/tables/export-links";
import { getQueryClient, HydrateClient, trpc } from "@/server/trpc/rsc";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const query = parseAuditQuery(toSearchParams(await searchParams));
  const queryClient = getQueryClient();
  await Promise.all([
    queryClient.prefetchQuery(trpc.audit.list.queryOptions(toAuditListInput(query))),
    queryClient.prefetchQuery(trpc.audit.filterOptions.queryOptions()),
    query.id === undefined ? null : queryClient.prefetchQuery(trpc.audit.list.queryOptions({ id: query.id })),
  ]);
  return (
    <HydrateClient>
      <div className="flex items-center justify-between gap-2">
        <h1 className="text-lg font-bold">Audit log</h1>
        <ExportLinks view="audit" what="these audit entries" />
      </div>
      <AuditLog />
    </HydrateClient>
  );
}
