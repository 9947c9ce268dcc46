"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { QueryError } from "@/components/layout/query-error";
import { LoadingRegion, Skeleton } from "@/components/layout/skeleton";
import { StaleBadge } from "@/components/status/stale-badge";
import { VmStateBadge } from "@/components/status/vm-state-badge";
import { RelativeTime } from "@/components/time/relative-time";
import { useTRPC } from "@/components/trpc/client";
import { LIVE_REFETCH_MS } from "@/components/trpc/query-client";
import type { ListVmsQuery, VmRow, VmSortField } from "@/server/services/list-vms";
import { Pagination } from "./pagination";
import { PlainHeader, SortHeader } from "./sort-header";
import { useVmQuery } from "./use-vm-query";
import { VmFilters } from "./vm-filters";
import { clearVmFilters, FIRST_SORT_DIRECTION, hasVmFilters } from "./vm-query";

const TD = "px-2 py-1 align-middle whitespace-nowrap";

/**
 * VMs across clouds (or of one cloud), filtered, sorted and paged by the server; the
 * query lives in the URL and only the current page is ever rendered.
 */
export function VmsTable({ fixedCloudId }: { fixedCloudId?: number }) {
  const [query, setQuery] = useVmQuery(fixedCloudId);
  const trpc = useTRPC();
  const list = useQuery(trpc.vms.list.queryOptions(query, { refetchInterval: LIVE_REFETCH_MS, placeholderData: keepPreviousData }));
  const showCloud = fixedCloudId === undefined;
  const columnCount = showCloud ? 9 : 8;

  function update(change: Partial<ListVmsQuery>) {
    setQuery({ ...query, page: 1, ...change });
  }

  function sortBy(field: VmSortField) {
    const dir = query.sort === field ? (query.dir === "asc" ? "desc" : "asc") : FIRST_SORT_DIRECTION[field];
    update({ sort: field, dir });
  }

  const filtered = hasVmFilters(query, fixedCloudId);
  const data = list.data;

  return (
    <div className="flex flex-col gap-2">
      <VmFilters query={query} fixedCloudId={fixedCloudId} onFilter={update} />
      {list.error && (
        <QueryError what={data ? "fresh VM rows; showing the last ones" : "VMs"} error={list.error} onRetry={() => void list.refetch()} />
      )}
      {!data && !list.error && <VmsTableSkeleton />}
      {data && (
        <>
          <div className="overflow-x-auto rounded border border-zinc-200 dark:border-zinc-800">
            <table aria-label="VMs" aria-busy={list.isPlaceholderData} className="w-full border-collapse text-xs">
              <thead className="bg-zinc-100 dark:bg-zinc-800/60">
                <tr>
                  <SortHeader field="name" query={query} onSort={sortBy} />
                  {showCloud && <SortHeader field="cloud" query={query} onSort={sortBy} />}
                  <SortHeader field="state" query={query} onSort={sortBy} />
                  <PlainHeader label="Queue" />
                  <PlainHeader label="Image" />
                  <PlainHeader label="Flavor" />
                  <PlainHeader label="IP" />
                  <SortHeader field="stateChangedAt" query={query} onSort={sortBy} />
                  <SortHeader field="createdAt" query={query} onSort={sortBy} />
                </tr>
              </thead>
              <tbody className={list.isPlaceholderData ? "opacity-60" : undefined}>
                {data.rows.map((vm) => (
                  <VmTableRow key={vm.id} vm={vm} showCloud={showCloud} />
                ))}
                {data.rows.length === 0 && (
                  <tr>
                    <td colSpan={columnCount} className="px-2 py-8 text-center text-sm">
                      <EmptyMessage
                        total={data.total}
                        filtered={filtered}
                        onClear={() => setQuery(clearVmFilters(query, fixedCloudId))}
                        onLastPage={() => setQuery({ ...query, page: data.pageCount })}
                      />
                    </td>
                  </tr>
                )}
              </tbody>
            </table>
          </div>
          <Pagination
            page={query.page}
            pageCount={data.pageCount}
            pageSize={query.pageSize}
            total={data.total}
            onPage={(page) => setQuery({ ...query, page })}
            onPageSize={(pageSize) => update({ pageSize })}
          />
        </>
      )}
    </div>
  );
}

function VmTableRow({ vm, showCloud }: { vm: VmRow; showCloud: boolean }) {
  return (
    <tr data-testid="vm-row" className="border-t border-zinc-100 hover:bg-zinc-50 dark:border-zinc-800 dark:hover:bg-zinc-800/40">
      <td className={`${TD} font-medium`}>
        <span title={vm.providerId}>{vm.name}</span>
        {vm.stale && (
          <span className="ml-1">
            <StaleBadge count={1} />
          </span>
        )}
      </td>
      {showCloud && (
        <td className={TD}>
          <Link href={`/clouds/${vm.cloudId}`} className="hover:underline focus-visible:outline-2 focus-visible:outline-sky-500">
            {vm.cloudName}
          </Link>
        </td>
      )}
      <td className={TD}>
        <VmStateBadge state={vm.state} rawState={vm.rawState} />
        {vm.lastError && (
          <span className="ml-1 inline-block max-w-48 truncate align-middle text-red-700 dark:text-red-400" title={vm.lastError}>
            {vm.lastError}
          </span>
        )}
      </td>
      <td className={TD}>{vm.queue ?? "–"}</td>
      <td className={TD} title={vm.imageRef ?? undefined}>
        {vm.imageName ?? vm.imageRef ?? "–"}
      </td>
      <td className={TD} title={vm.flavorRef ?? undefined}>
        {vm.flavorName ?? vm.flavorRef ?? "–"}
      </td>
      <td className={`${TD} font-mono`}>{vm.ip ?? "–"}</td>
      <td className={TD}>
        <RelativeTime at={vm.stateChangedAt} />
      </td>
      <td className={TD}>
        <RelativeTime at={vm.createdAt} />
      </td>
    </tr>
  );
}

function EmptyMessage({
  total,
  filtered,
  onClear,
  onLastPage,
}: {
  total: number;
  filtered: boolean;
  onClear: () => void;
  onLastPage: () => void;
}) {
  const button = "ml-2 rounded border border-zinc-300 px-2 py-0.5 text-xs hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800";
  if (total > 0) {
    return (
      <p>
        This page is past the end of the list.
        <button type="button" className={button} onClick={onLastPage}>
          Go to the last page
        </button>
      </p>
    );
  }
  if (filtered) {
    return (
      <p>
        No VMs match these filters.
        <button type="button" className={button} onClick={onClear}>
          Clear filters
        </button>
      </p>
    );
  }
  return <p>No VMs yet.</p>;
}

export function VmsTableSkeleton() {
  return (
    <LoadingRegion label="Loading VMs">
      <div className="flex flex-col gap-1">
        {Array.from({ length: 10 }, (_, i) => (
          <Skeleton key={i} className="h-6" />
        ))}
      </div>
    </LoadingRegion>
  );
}
