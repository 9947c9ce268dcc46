"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { ActionStatusBadge } from "@/components/actions/action-status-badge";
import { BulkActionDialog } from "@/components/actions/bulk-action-dialog";
import { useCan } from "@/components/auth/use-session";
import { BUTTON, DANGER_BUTTON } from "@/components/dialog/modal-dialog";
import { formatUtc } from "@/components/format/format-time";
import { FieldList } from "@/components/layout/field-list";
import { QueryError } from "@/components/layout/query-error";
import { Section } from "@/components/layout/section";
import { LoadingRegion, Skeleton } from "@/components/layout/skeleton";
import { StaleBadge } from "@/components/status/stale-badge";
import { VmStateBadge } from "@/components/status/vm-state-badge";
import { ImageTrustBadge } from "@/components/status/image-trust-badge";
import { SimpleTable } from "@/components/tables/simple-table";
import { RelativeTime } from "@/components/time/relative-time";
import { useTRPC } from "@/components/trpc/client";
import { LIVE_REFETCH_MS } from "@/components/trpc/query-client";
import { canOfferDestroy, canOfferDrain } from "@/server/domain/vm-actions";
import { ACTION_KIND_LABELS } from "@/server/domain/vocabulary";
import type { VmDetail as VmDetailData } from "@/server/services/get-vm";
import { CopyButton } from "./copy-button";

const LINK = "text-sky-800 hover:underline focus-visible:outline-2 focus-visible:outline-sky-500 dark:text-sky-300";

/** One VM: where it runs, what it is doing in our words and the provider's, its history, and drain/destroy. */
export function VmDetail({ vmId }: { vmId: number }) {
  const trpc = useTRPC();
  const detail = useQuery(trpc.vms.byId.queryOptions({ vmId }, { refetchInterval: LIVE_REFETCH_MS }));
  const canDrain = useCan("vms.drain");
  const canDestroy = useCan("vms.destroy");
  const [dialog, setDialog] = useState<"drain" | "destroy" | null>(null);

  if (detail.error && !detail.data) return <QueryError what={`VM #${vmId}`} error={detail.error} onRetry={() => void detail.refetch()} />;
  if (!detail.data) return <VmDetailSkeleton />;
  const v = detail.data;

  return (
    <div className="flex flex-col gap-3">
      {detail.error && <QueryError what="fresh state; showing the last known" error={detail.error} />}
      <header className="flex items-start justify-between gap-4 rounded border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900">
        <div className="min-w-0 flex-1">
          <p className="text-xs text-zinc-500">
            <Link href="/vms" className={LINK}>
              VMs
            </Link>{" "}
            /{" "}
            <Link href={`/clouds/${v.cloudId}`} className={LINK}>
              {v.cloudName}
            </Link>
          </p>
          <h1 className="flex flex-wrap items-center gap-2 text-lg font-bold">
            {v.name} <VmStateBadge state={v.state} rawState={v.rawState} />
            {v.stale && <StaleBadge count={1} />}
            {v.archived && (
              <span className="rounded border border-zinc-300 px-1.5 py-0.5 text-xs font-medium text-zinc-700 dark:border-zinc-700 dark:text-zinc-300" title="Ended longer ago than the retention: kept in the archive, not in the VMs table">
                Archived
              </span>
            )}
          </h1>
          <p className="text-xs text-zinc-600 dark:text-zinc-400">
            Provider state <strong className="font-mono">{v.rawState}</strong> · state since <RelativeTime at={v.stateChangedAt} /> · last seen <RelativeTime at={v.lastSeenAt} />
          </p>
          {v.lastError && (
            <p role="status" className="mt-2 rounded border border-red-300 bg-red-50 p-2 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-200">
              <span className="font-medium">The provider said: </span>
              {v.lastError}
            </p>
          )}
        </div>
        <div className="flex shrink-0 flex-col items-end gap-2">
          <div className="flex gap-2">
            {canDrain && canOfferDrain(v) && (
              <button type="button" className={BUTTON} onClick={() => setDialog("drain")}>
                Drain…
              </button>
            )}
            {canDestroy && canOfferDestroy(v) && (
              <button type="button" className={DANGER_BUTTON} onClick={() => setDialog("destroy")}>
                Destroy…
              </button>
            )}
          </div>
          <Link href={`/audit?type=vm&target=${v.id}`} className={`${LINK} text-xs`}>
            Audit entries naming this VM
          </Link>
        </div>
      </header>
      {dialog && <BulkActionDialog kind={dialog} vmIds={[v.id]} onClose={() => setDialog(null)} onDone={() => setDialog(null)} />}

      <Section title="Details">
        <FieldList
          fields={[
            {
              label: "Cloud",
              value: (
                <Link href={`/clouds/${v.cloudId}`} className={LINK}>
                  {v.cloudName}
                </Link>
              ),
            },
            {
              label: "Provider id",
              value: (
                <>
                  <span className="mr-2 font-mono break-all">{v.providerId}</span>
                  <CopyButton value={v.providerId} label="Copy provider id" />
                </>
              ),
            },
            { label: "Queue", value: v.queue ?? "–" },
            { label: "Image", value: <span title={v.imageRef ?? undefined}>{v.imageName ?? v.imageRef ?? "–"}</span> },
            {
              label: "Image trust",
              value: (
                <span className="flex flex-col gap-1">
                  <span className="flex flex-wrap items-center gap-2">
                    <ImageTrustBadge imageClass={v.imageClass} modified={v.imageModified} />
                    {v.catalogueVersion && (
                      <Link href={`/images/${v.catalogueVersion.imageId}`} className="text-sky-700 hover:underline focus-visible:outline-2 focus-visible:outline-sky-500 dark:text-sky-400">
                        {v.catalogueVersion.imageName} {v.catalogueVersion.version}
                      </Link>
                    )}
                  </span>
                  {v.imageModified && <span className="text-xs break-all text-red-800 dark:text-red-300">{v.imageModified}</span>}
                </span>
              ),
            },
            { label: "Flavor", value: <span title={v.flavorRef ?? undefined}>{v.flavorName ?? v.flavorRef ?? "–"}</span> },
            { label: "IP", value: <span className="font-mono">{v.ip ?? "–"}</span> },
            { label: "Requested", value: formatUtcOrDash(v.requestedAt) },
            { label: "Created", value: formatUtcOrDash(v.createdAt) },
            { label: "Running since", value: formatUtcOrDash(v.runningAt) },
            { label: "Terminated", value: formatUtcOrDash(v.terminatedAt) },
          ]}
        />
      </Section>

      <Section title="Metadata">
        <FieldList
          fields={[
            {
              label: "Drain mark",
              value: v.drainRequestedAt ? `set ${formatUtc(v.drainRequestedAt)}${v.drainDeadlineAt ? `, destroyed at ${formatUtc(v.drainDeadlineAt)} if still busy` : ""}` : "not set",
            },
            { label: "Destroy requested", value: v.destroyRequestedAt ? formatUtc(v.destroyRequestedAt) : "no" },
            { label: "Launch token", value: <span className="font-mono">{v.launchToken ?? "– (not launched by cloudscope)"}</span> },
          ]}
        />
      </Section>

      <Section title={`State transitions (${v.events.length})`}>
        <SimpleTable
          label="State transitions"
          rows={v.events}
          rowKey={(e) => e.id}
          empty="No transition recorded yet."
          columns={[
            { header: "When (UTC)", cell: (e) => formatUtc(e.at) },
            { header: "From", cell: (e) => (e.fromState ? <VmStateBadge state={e.fromState} /> : "–") },
            { header: "To", cell: (e) => <VmStateBadge state={e.toState} /> },
            { header: "Provider state", cell: (e) => <span className="font-mono">{e.rawState}</span> },
          ]}
        />
      </Section>

      <Section title={`Actions (${v.actions.length})`}>
        <SimpleTable
          label="Actions on this VM"
          rows={v.actions}
          rowKey={(a) => a.id}
          empty="No action of cloudscope touched this VM."
          columns={[
            {
              header: "Action",
              cell: (a) => (
                <Link href={`/actions/${a.id}`} className={LINK}>
                  {ACTION_KIND_LABELS[a.kind]} #{a.id}
                </Link>
              ),
            },
            { header: "Status", cell: (a) => <ActionStatusBadge status={a.itemStatus ?? a.status} /> },
            { header: "By", cell: (a) => a.requestedByName },
            { header: "Requested (UTC)", cell: (a) => formatUtc(a.requestedAt) },
            { header: "Provider's answer", cell: (a) => a.itemError ?? "–", className: "break-words" },
          ]}
        />
      </Section>

      <Section title={`Audit entries (${v.audit.length})`}>
        <SimpleTable
          label="Audit entries touching this VM"
          rows={v.audit}
          rowKey={(a) => a.id}
          empty="No audit entry names this VM or its actions."
          columns={[
            { header: "When (UTC)", cell: (a) => formatUtc(a.at) },
            { header: "Who", cell: (a) => a.actorName },
            {
              header: "What",
              cell: (a) => (
                <Link href={`/audit?id=${a.id}`} className={LINK}>
                  {a.verb}
                </Link>
              ),
            },
            { header: "Summary", cell: (a) => a.summary, className: "break-words" },
          ]}
        />
      </Section>
    </div>
  );
}

function formatUtcOrDash(at: Date | null): string {
  return at ? formatUtc(at) : "–";
}

export function VmDetailSkeleton() {
  return (
    <LoadingRegion label="Loading the VM">
      <Skeleton className="h-24" />
      <Skeleton className="h-40" />
    </LoadingRegion>
  );
}
