import type { Metadata } from "next";
import { AlertsView } from "@/components/alerts/alerts-view";
import { parseAlertQuery } from "@/components/alerts/alert-query";
import { toSearchParams } from "@/components/url/to-search-params";
import { getQueryClient, HydrateClient, trpc } from "@/server/trpc/rsc";

export const metadata: Metadata = { title: "Alerts" };

export default async function AlertsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const query = parseAlertQuery(toSearchParams(await searchParams));
  await getQueryClient().prefetchQuery(trpc.alerts.list.queryOptions(query));
  return (
    <HydrateClient>
      <h1 className="mb-2 text-lg font-bold">Alerts</h1>
      <AlertsView />
    </HydrateClient>
  );
}
