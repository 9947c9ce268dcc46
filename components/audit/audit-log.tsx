"use client";

import { ListFilter } from "lucide-react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Fragment, useEffect, useRef, useState } from "react";
import { formatUtc } from "@/components/format/format-time";
import { QueryError } from "@/components/layout/query-error";
import { RowsSkeleton, Skeleton } from "@/components/layout/skeleton";
import { Pagination } from "@/components/tables/pagination";
import { RelativeTime } from "@/components/time/relative-time";
import { useTRPC } from "@/components/trpc/client";
import type { AuditLogRow } from "@/server/services/list-audit-log";
import { auditEntryHref, hasAuditFilters, toAuditListInput, type AuditQuery } from "./audit-query";
import { AuditFilters } from "./audit-filters";
import { AuditTarget } from "./audit-target";
import { describeDiff, diffValues } from "./diff-values";
import { listNamedVms, type NamedVm } from "./named-vms";
import { VmLink } from "@/components/vms/vm-link";
import { useAuditQuery } from "./use-audit-query";
import { HeaderCells } from "@/components/tables/header-cells";

const TD = "px-2 py-1.5 align-top";
const AUDIT_REFETCH_MS = 10_000;
const SMALL_BUTTON =
  "rounded border border-zinc-300 px-1.5 py-0.5 text-xs hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-sky-500 dark:border-zinc-700 dark:hover:bg-zinc-800";

/** Every mutation, newest first: who, when, from where, what, on what, and what changed. */
export function AuditLog() {
  const [query, setQuery] = useAuditQuery();
  const trpc = useTRPC();
  const input = toAuditListInput(query);
  const list = useQuery(trpc.audit.list.queryOptions(input, { refetchInterval: AUDIT_REFETCH_MS, placeholderData: keepPreviousData }));
  const linkedId = query.id;
  const linked = useQuery({ ...trpc.audit.list.queryOptions({ id: linkedId }), enabled: linkedId !== undefined });

  function update(change: Partial<AuditQuery>) {
    setQuery({ ...query, page: 1, ...change });
  }

  const data = list.data;
  const linkedRow = linked.data?.rows[0];
  const linkedOnPage = linkedId !== undefined && data?.rows.some((r) => r.id === linkedId);

  return (
    <div className="flex flex-col gap-3">
      <AuditFilters query={query} onFilter={update} onClear={() => setQuery({ page: 1, id: query.id })} />

      {linkedId !== undefined && !linkedOnPage && (
        <section aria-label="Linked entry" className="rounded border border-amber-400 bg-amber-50 p-2 text-xs dark:border-amber-700 dark:bg-amber-950/40">
          <div className="mb-1 flex items-center justify-between gap-2">
            <h2 className="font-semibold">Linked entry #{linkedId}</h2>
            <button type="button" className={SMALL_BUTTON} onClick={() => setQuery({ ...query, id: undefined })}>
              Unpin
            </button>
          </div>
          {linked.isPending && <Skeleton className="h-8" />}
          {linked.error && <QueryError what="the linked entry" error={linked.error} onRetry={() => void linked.refetch()} />}
          {linked.data && !linkedRow && <p>There is no audit entry #{linkedId}.</p>}
          {linkedRow && (
            <AuditTable rows={[linkedRow]} highlightId={linkedId} label={`Audit entry ${linkedId}`} onFilterTarget={(t) => update(t)} />
          )}
        </section>
      )}

      {list.error && <QueryError what={data ? "new audit entries; showing the last ones" : "the audit log"} error={list.error} onRetry={() => void list.refetch()} />}
      {!data && !list.error && <AuditSkeleton />}
      {data && (
        <>
          {data.rows.length === 0 ? (
            <div className="rounded border border-zinc-200 bg-white px-3 py-8 text-center text-sm dark:border-zinc-800 dark:bg-zinc-900">
              {data.total > 0 ? (
                <p>
                  This page is past the end of the log.{" "}
                  <button type="button" className={SMALL_BUTTON} onClick={() => setQuery({ ...query, page: data.pageCount })}>
                    Go to the last page
                  </button>
                </p>
              ) : hasAuditFilters(query) ? (
                <p>
                  No entries match these filters.{" "}
                  <button type="button" className={SMALL_BUTTON} onClick={() => setQuery({ page: 1, id: query.id })}>
                    Clear filters
                  </button>
                </p>
              ) : (
                <p>Nothing has been changed yet: every launch, drain, destroy, pause and edit will be listed here.</p>
              )}
            </div>
          ) : (
            <div className={`rounded border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900 ${list.isPlaceholderData ? "opacity-60" : ""}`}>
              <AuditTable rows={data.rows} highlightId={linkedId} label="Audit log" busy={list.isPlaceholderData} onFilterTarget={(t) => update(t)} />
            </div>
          )}
          <Pagination
            page={query.page}
            pageCount={data.pageCount}
            pageSize={data.pageSize}
            total={data.total}
            noun="entries"
            onPage={(page) => setQuery({ ...query, page })}
          />
        </>
      )}
    </div>
  );
}

function AuditTable({
  rows,
  highlightId,
  label,
  busy = false,
  onFilterTarget,
}: {
  rows: AuditLogRow[];
  highlightId?: number;
  label: string;
  busy?: boolean;
  onFilterTarget: (target: { targetType: string; targetId?: string }) => void;
}) {
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(() => new Set(highlightId === undefined ? [] : [highlightId]));

  function toggle(id: number) {
    setExpanded((set) => {
      const next = new Set(set);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  }

  return (
    <div className="overflow-x-auto">
      <table aria-label={label} aria-busy={busy} className="w-full border-collapse text-xs">
        <thead className="bg-zinc-100 dark:bg-zinc-800/60">
          <tr>
            <HeaderCells headers={["When", "Who", "From", "What", "Target", "Changes"]} />
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <AuditRow key={row.id} row={row} highlighted={row.id === highlightId} expanded={expanded.has(row.id)} onToggle={() => toggle(row.id)} onFilterTarget={onFilterTarget} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function AuditRow({
  row,
  highlighted,
  expanded,
  onToggle,
  onFilterTarget,
}: {
  row: AuditLogRow;
  highlighted: boolean;
  expanded: boolean;
  onToggle: () => void;
  onFilterTarget: (target: { targetType: string; targetId?: string }) => void;
}) {
  const ref = useRef<HTMLTableRowElement>(null);
  const diff = diffValues(row.before, row.after);
  const detailsId = `audit-${row.id}-changes`;

  useEffect(() => {
    if (highlighted) ref.current?.scrollIntoView({ block: "center" });
  }, [highlighted]);

  return (
    <Fragment>
      <tr
        ref={ref}
        id={`audit-${row.id}`}
        data-testid="audit-row"
        aria-current={highlighted ? "true" : undefined}
        className={`border-t border-zinc-100 dark:border-zinc-800 ${highlighted ? "bg-amber-50 outline-2 -outline-offset-2 outline-amber-500 dark:bg-amber-950/40" : "hover:bg-zinc-50 dark:hover:bg-zinc-800/40"}`}
      >
        <td className={`${TD} whitespace-nowrap`}>
          <RelativeTime at={row.at} />
          <div className="text-[11px] text-zinc-500" aria-hidden="true">
            {formatUtc(row.at)}
          </div>
          <Link href={auditEntryHref(row.id)} className="text-[11px] text-sky-800 hover:underline focus-visible:outline-2 focus-visible:outline-sky-500 dark:text-sky-300" aria-label={`Link to audit entry ${row.id}`}>
            #{row.id}
          </Link>
        </td>
        <td className={`${TD} whitespace-nowrap`}>
          <span className="font-medium">{row.actorName}</span>
          {row.actorRole && <span className="ml-1 rounded bg-zinc-100 px-1 py-0.5 text-[11px] text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">{row.actorRole}</span>}
        </td>
        <td className={`${TD} font-mono whitespace-nowrap`}>{row.ip ?? <span className="text-zinc-500">{row.actorId?.startsWith("system:") ? "system" : "–"}</span>}</td>
        <td className={TD}>
          <code className="rounded bg-zinc-100 px-1 text-[11px] dark:bg-zinc-800">{row.verb}</code>
          <p className="mt-0.5 max-w-xl break-words">{row.summary}</p>
          <NamedVmLinks vms={listNamedVms(row.before)} />
        </td>
        <td className={`${TD} whitespace-nowrap`}>
          <AuditTarget row={row} />
          {row.targetId !== null && (
            <button
              type="button"
              className="mt-0.5 flex items-center gap-1 rounded border border-zinc-300 px-1.5 py-0.5 text-[11px] text-zinc-700 hover:bg-zinc-100 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-sky-500 dark:border-zinc-700 dark:text-zinc-300 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
              aria-label={`Show only entries for ${row.targetType} ${row.targetId}`}
              title="Show only the entries for this target"
              onClick={() => onFilterTarget({ targetType: row.targetType, targetId: row.targetId ?? undefined })}
            >
              <ListFilter aria-hidden="true" className="size-3" />
              Only this target
            </button>
          )}
        </td>
        <td className={`${TD} whitespace-nowrap`}>
          {diff.length === 0 ? (
            <span className="text-zinc-500">–</span>
          ) : (
            <button type="button" className={SMALL_BUTTON} aria-expanded={expanded} aria-controls={detailsId} onClick={onToggle} aria-label={`${expanded ? "Hide" : "Show"} changes of entry ${row.id}: ${describeDiff(diff)}`}>
              <span aria-hidden="true">{expanded ? "▾" : "▸"} </span>
              {describeDiff(diff)}
            </button>
          )}
        </td>
      </tr>
      {expanded && diff.length > 0 && (
        <tr id={detailsId} className={highlighted ? "bg-amber-50 dark:bg-amber-950/40" : undefined}>
          <td colSpan={6} className="px-2 pb-2">
            <table aria-label={`Changes of entry ${row.id}`} className="ml-4 border-collapse text-[11px]">
              <thead>
                <tr className="text-left text-zinc-500">
                  <th scope="col" className="px-2 font-medium">
                    Field
                  </th>
                  <th scope="col" className="px-2 font-medium">
                    Before
                  </th>
                  <th scope="col" className="px-2 font-medium">
                    After
                  </th>
                </tr>
              </thead>
              <tbody className="font-mono">
                {diff.map((d) => (
                  <tr key={d.key} className={d.changed ? "" : "text-zinc-500"}>
                    <th scope="row" className="px-2 text-left font-semibold">
                      {d.changed && <span className="sr-only">changed: </span>}
                      {d.key}
                    </th>
                    <td className={`max-w-md px-2 break-all ${d.changed ? "bg-red-50 dark:bg-red-950/50" : ""}`}>
                      {d.changed && <span aria-hidden="true">− </span>}
                      {d.before}
                    </td>
                    <td className={`max-w-md px-2 break-all ${d.changed ? "bg-emerald-50 dark:bg-emerald-950/50" : ""}`}>
                      {d.changed && <span aria-hidden="true">+ </span>}
                      {d.after}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </td>
        </tr>
      )}
    </Fragment>
  );
}

const NAMED_VMS_SHOWN = 10;

/** The entry's VMs as links to their pages: the first ten, then how many more. */
function NamedVmLinks({ vms }: { vms: NamedVm[] }) {
  if (vms.length === 0) return null;
  const more = vms.length - NAMED_VMS_SHOWN;
  return (
    <div className="mt-0.5 max-w-xl text-[11px]">
      VMs:{" "}
      {vms.slice(0, NAMED_VMS_SHOWN).map((v, i) => (
        <Fragment key={v.vmId}>
          {i > 0 && ", "}
          <VmLink vmId={v.vmId} name={v.name} />
        </Fragment>
      ))}
      {more > 0 && ` and ${more} more`}
    </div>
  );
}

export function AuditSkeleton() {
  return <RowsSkeleton label="Loading the audit log" rows={10} rowClassName="h-9" />;
}
