"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { SimpleTable, type Column } from "@/components/tables/simple-table";
import { RelativeTime } from "@/components/time/relative-time";
import { useSession } from "@/components/auth/use-session";
import { useTRPC } from "@/components/trpc/client";
import { LIVE_REFETCH_MS } from "@/components/trpc/query-client";
import { ALERT_VIEWS, type AlertView } from "@/server/domain/alert-inputs";
import { HEALTH_SIGNAL_LABELS } from "@/server/domain/vocabulary";
import type { AlertRow } from "@/server/services/list-alerts";
import { AcknowledgeForm } from "./acknowledge-form";
import { buildAlertsHref, parseAlertQuery } from "./alert-query";

const VIEW_LABELS: Record<AlertView, string> = { firing: "Firing", acknowledged: "Acknowledged", recent: "Resolved (7 days)" };
const TAB = "rounded px-2 py-1 text-sm hover:bg-zinc-200 focus-visible:outline-2 focus-visible:outline-sky-500 dark:hover:bg-zinc-800";
const SEVERITY_CLASS = { critical: "font-semibold text-red-700 dark:text-red-400", warning: "font-semibold text-amber-800 dark:text-amber-300" } as const;

function columns(view: AlertView, canAcknowledge: boolean): Column<AlertRow>[] {
  const base: Column<AlertRow>[] = [
    { header: "Severity", cell: (a) => <span className={SEVERITY_CLASS[a.severity]}>{a.severity}</span> },
    { header: "Cloud", cell: (a) => <Link href={`/clouds/${a.cloudId}`} className="hover:underline">{a.cloudName}</Link> },
    { header: "Signal", cell: (a) => HEALTH_SIGNAL_LABELS[a.signal] },
    { header: "What", cell: (a) => (a.runbookUrl ? <>{a.summary} (<a href={a.runbookUrl} className="underline">runbook</a>)</> : a.summary), className: "break-words" },
    { header: "Firing since", cell: (a) => <RelativeTime at={a.firedAt} /> },
  ];
  if (view === "acknowledged") {
    base.push({ header: "Acknowledged", cell: (a) => <span data-testid="ack">{a.ackBy}: “{a.ackComment}” {a.silencedUntil && <>(silenced until <RelativeTime at={a.silencedUntil} />)</>}</span>, className: "break-words" });
  }
  if (view === "recent") base.push({ header: "Resolved", cell: (a) => <RelativeTime at={a.resolvedAt} /> });
  if (view === "firing" && canAcknowledge) base.push({ header: "", cell: (a) => <AcknowledgeForm alertId={a.id} summary={a.summary} /> });
  return base;
}

/** /alerts: one view at a time (firing, acknowledged, recently resolved), optionally for one cloud; both in the URL. */
export function AlertsView() {
  const trpc = useTRPC();
  const router = useRouter();
  const query = parseAlertQuery(new URLSearchParams(useSearchParams().toString()));
  const { actor } = useSession();
  const alerts = useQuery(trpc.alerts.list.queryOptions(query, { refetchInterval: LIVE_REFETCH_MS }));
  const clouds = useQuery(trpc.clouds.list.queryOptions());
  const canAcknowledge = actor?.permissions.includes("alerts.acknowledge") ?? false;

  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center gap-2">
        <nav aria-label="Alert views" className="flex gap-1">
          {ALERT_VIEWS.map((view) => (
            <Link key={view} href={buildAlertsHref({ ...query, view })} aria-current={query.view === view ? "page" : undefined} className={`${TAB} ${query.view === view ? "bg-zinc-200 font-semibold dark:bg-zinc-800" : ""}`}>
              {VIEW_LABELS[view]}
            </Link>
          ))}
        </nav>
        <label className="ml-auto flex items-center gap-1 text-sm">
          Cloud
          <select
            value={query.cloudId ?? ""}
            onChange={(e) => router.replace(buildAlertsHref({ ...query, cloudId: e.target.value ? Number(e.target.value) : undefined }))}
            className="rounded border border-zinc-300 p-1 dark:border-zinc-700 dark:bg-zinc-900"
          >
            <option value="">all clouds</option>
            {(clouds.data ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <SimpleTable label={`${VIEW_LABELS[query.view]} alerts`} columns={columns(query.view, canAcknowledge)} rows={alerts.data ?? []} rowKey={(a) => a.id} empty={alerts.isLoading ? "Loading…" : `No ${VIEW_LABELS[query.view].toLowerCase()} alerts.`} />
    </div>
  );
}
