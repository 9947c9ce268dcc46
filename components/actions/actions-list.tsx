"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { formatUtc } from "@/components/format/format-time";
import { QueryError } from "@/components/layout/query-error";
import { RowsSkeleton } from "@/components/layout/skeleton";
import { Pagination } from "@/components/tables/pagination";
import { RelativeTime } from "@/components/time/relative-time";
import { useTRPC } from "@/components/trpc/client";
import { LIVE_REFETCH_MS } from "@/components/trpc/query-client";
import type { ActionSummary } from "@/server/services/list-actions";
import { ActionProgress } from "./action-progress";
import { ActionStatusBadge } from "./action-status-badge";
import { ACTION_KIND_LABELS, ACTION_KINDS, ACTION_STATUSES } from "@/server/domain/vocabulary";
import { ACTION_STATUS_LOOK } from "./action-statuses";
import { describeParams, hasActionFilters, parseActionsQuery, serializeActionsQuery, toActionsListInput, type ActionsQuery } from "./actions-query";
import { UtcTimeField } from "@/components/forms/utc-time-field";
import { HeaderCells } from "@/components/tables/header-cells";

const TD = "px-2 py-1.5 align-middle whitespace-nowrap";
const SELECT = "rounded border border-zinc-300 bg-transparent px-1 py-1 dark:border-zinc-700 dark:bg-zinc-900 focus-visible:outline-2 focus-visible:outline-sky-500";
const LINK = "text-sky-800 hover:underline focus-visible:outline-2 focus-visible:outline-sky-500 dark:text-sky-300";

function useActionsQuery(): [ActionsQuery, (next: ActionsQuery) => void] {
  const params = useSearchParams();
  const query = parseActionsQuery(params);
  function setQuery(next: ActionsQuery) {
    const search = serializeActionsQuery(next, new URLSearchParams(window.location.search)).toString();
    window.history.replaceState(null, "", search ? `?${search}` : window.location.pathname);
  }
  return [query, setQuery];
}

/** Every action, newest first, refreshed live: what was asked, by whom, and how far it got. */
export function ActionsList() {
  const [query, setQuery] = useActionsQuery();
  const trpc = useTRPC();
  const list = useQuery(trpc.actions.list.queryOptions(toActionsListInput(query), { refetchInterval: LIVE_REFETCH_MS, placeholderData: keepPreviousData }));
  const data = list.data;
  const filtered = hasActionFilters(query);

  function update(change: Partial<ActionsQuery>) {
    setQuery({ ...query, page: 1, ...change });
  }

  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center gap-3 text-xs">
        <select
          aria-label="Filter by status"
          className={SELECT}
          value={query.status ?? ""}
          onChange={(e) => update({ status: ACTION_STATUSES.find((s) => s === e.target.value) })}
        >
          <option value="">Any status</option>
          {ACTION_STATUSES.map((s) => (
            <option key={s} value={s}>
              {ACTION_STATUS_LOOK[s].icon} {s}
            </option>
          ))}
        </select>
        <select aria-label="Filter by kind" className={SELECT} value={query.kind ?? ""} onChange={(e) => update({ kind: ACTION_KINDS.find((k) => k === e.target.value) })}>
          <option value="">Any kind</option>
          {ACTION_KINDS.map((k) => (
            <option key={k} value={k}>
              {ACTION_KIND_LABELS[k]}
            </option>
          ))}
        </select>
        <label className="flex items-center gap-1">
          <input type="checkbox" className="h-3.5 w-3.5 accent-sky-600" checked={query.mine ?? false} onChange={(e) => update({ mine: e.target.checked || undefined })} />
          My actions
        </label>
        <UtcTimeField key={`from-${query.from ?? ""}`} label="Requested from (UTC)" value={query.from} onChange={(from) => update({ from })} />
        <UtcTimeField key={`to-${query.to ?? ""}`} label="to (UTC; a day counts whole)" value={query.to} onChange={(to) => update({ to })} />
        {filtered && (
          <button type="button" className="rounded border border-zinc-300 px-2 py-1 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800" onClick={() => setQuery({ page: 1 })}>
            Clear filters
          </button>
        )}
      </div>

      {list.error && <QueryError what={data ? "fresh actions; showing the last ones" : "actions"} error={list.error} onRetry={() => void list.refetch()} />}
      {!data && !list.error && <ActionsListSkeleton />}
      {data && (
        <>
          {data.actions.length === 0 ? (
            <div className="rounded border border-zinc-200 bg-white px-3 py-8 text-center text-sm dark:border-zinc-800 dark:bg-zinc-900">
              {data.total > 0 ? (
                <p>This page is past the end of the list.</p>
              ) : filtered ? (
                <p>No actions match these filters.</p>
              ) : (
                <p>No actions yet. Launch VMs from a cloud&apos;s page, or drain and destroy VMs from a VM list.</p>
              )}
            </div>
          ) : (
            <div className="overflow-x-auto rounded border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
              <table aria-label="Actions" aria-busy={list.isPlaceholderData} className={`w-full border-collapse text-xs ${list.isPlaceholderData ? "opacity-60" : ""}`}>
                <thead className="bg-zinc-100 dark:bg-zinc-800/60">
                  <tr>
                    <HeaderCells headers={["Action", "Kind", "Cloud", "What", "Who", "When", "Status", "Progress"]} />
                  </tr>
                </thead>
                <tbody>
                  {data.actions.map((a) => (
                    <ActionRow key={a.id} action={a} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <Pagination
            page={query.page}
            pageCount={Math.max(1, Math.ceil(data.total / data.pageSize))}
            pageSize={data.pageSize}
            total={data.total}
            noun="actions"
            onPage={(page) => setQuery({ ...query, page })}
          />
        </>
      )}
    </div>
  );
}

function ActionRow({ action: a }: { action: ActionSummary }) {
  return (
    <tr data-testid="action-row" className="border-t border-zinc-100 hover:bg-zinc-50 dark:border-zinc-800 dark:hover:bg-zinc-800/40">
      <td className={TD}>
        <Link href={`/actions/${a.id}`} className={`${LINK} font-medium`}>
          #{a.id}
        </Link>
        {a.retryOf !== null && <span className="ml-1 text-zinc-500">(retry of #{a.retryOf})</span>}
      </td>
      <td className={TD}>{ACTION_KIND_LABELS[a.kind]}</td>
      <td className={TD}>
        {a.cloudId !== null && a.cloudName ? (
          <Link href={`/clouds/${a.cloudId}`} className={LINK}>
            {a.cloudName}
          </Link>
        ) : (
          <span className="text-zinc-500">several</span>
        )}
      </td>
      <td className={`${TD} max-w-80 truncate`} title={a.paramsError ?? describeParams(a.stored)}>
        {describeParams(a.stored)}
      </td>
      <td className={TD}>{a.requestedByName}</td>
      <td className={TD}>
        <RelativeTime at={a.requestedAt} />
        <span className="ml-1 text-[11px] text-zinc-500" aria-hidden="true">
          {formatUtc(a.requestedAt)}
        </span>
      </td>
      <td className={TD}>
        <ActionStatusBadge status={a.status} />
        {(a.status === "failed" || a.status === "partly_failed") && a.error && (
          <span className="ml-1 inline-block max-w-64 truncate align-middle text-red-700 dark:text-red-400" title={a.error}>
            {a.error}
          </span>
        )}
      </td>
      <td className={TD}>
        <ActionProgress total={a.total} succeeded={a.succeeded} failed={a.failed} />
      </td>
    </tr>
  );
}

export function ActionsListSkeleton() {
  return <RowsSkeleton label="Loading actions" rows={8} rowClassName="h-7" />;
}
