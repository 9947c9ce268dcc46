"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useRef, useState, type KeyboardEvent, type MouseEvent } from "react";
import { BulkActionDialog } from "@/components/actions/bulk-action-dialog";
import { useCan } from "@/components/auth/use-session";
import { QueryError } from "@/components/layout/query-error";
import { RowsSkeleton } from "@/components/layout/skeleton";
import { StaleBadge } from "@/components/status/stale-badge";
import { VmStateBadge } from "@/components/status/vm-state-badge";
import { formatCount } from "@/components/format/format-number";
import { formatSpan, formatUtc } from "@/components/format/format-time";
import { RelativeTime } from "@/components/time/relative-time";
import { useNow } from "@/components/time/use-now";
import { useTRPC } from "@/components/trpc/client";
import { LIVE_REFETCH_MS } from "@/components/trpc/query-client";
import { isFinalVmState } from "@/server/domain/vocabulary";
import type { ListVmsQuery, VmRow, VmSortField } from "@/server/services/list-vms";
import { Pagination } from "./pagination";
import { SortHeader } from "./sort-header";
import { VmLink } from "@/components/vms/vm-link";
import { useVmQuery } from "./use-vm-query";
import { useVmSelection } from "./use-vm-selection";
import { VmFilters } from "./vm-filters";
import { clearVmFilters, FIRST_SORT_DIRECTION, hasVmFilters } from "./vm-query";
import { isTypingInto, nextRowIndex } from "./row-keys";
import { ShortcutsDialog } from "./shortcuts-dialog";
import { VmRowMenu, type RowAction } from "./vm-row-menu";
import { ColumnChooser } from "./column-chooser";
import { useVmColumns } from "./use-vm-columns";
import { isSortableColumn, VM_COLUMN_LABELS, VM_COLUMNS, type VmColumn } from "./vm-columns";
import { MAX_SELECTION, pageSelectionState, toggleOne, togglePage, toggleRange } from "./vm-selection";
import { ImageTrustBadge } from "@/components/status/image-trust-badge";

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
  const canDrain = useCan("vms.drain");
  const canDestroy = useCan("vms.destroy");
  const selectable = canDrain || canDestroy;
  const [selected, setSelected] = useVmSelection();
  const anchor = useRef<number | null>(null);
  const [bulk, setBulk] = useState<"drain" | "destroy" | null>(null);
  const [menuFor, setMenuFor] = useState<number | null>(null);
  const [rowAction, setRowAction] = useState<{ kind: RowAction; vmId: number } | null>(null);
  const [showShortcuts, setShowShortcuts] = useState(false);
  const rowRefs = useRef<Array<HTMLTableRowElement | null>>([]);
  const searchRef = useRef<HTMLDivElement>(null);
  const [shownColumns, setShownColumns] = useVmColumns();
  const columns = VM_COLUMNS.filter((c) => shownColumns.has(c) && (c !== "cloud" || showCloud));
  const shown = new Set(columns);
  // The name, the chosen columns and the actions; plus the tick boxes.
  const columnCount = 2 + columns.length + (selectable ? 1 : 0);

  function update(change: Partial<ListVmsQuery>) {
    setQuery({ ...query, page: 1, ...change });
  }

  function sortBy(field: VmSortField) {
    const dir = query.sort === field ? (query.dir === "asc" ? "desc" : "asc") : FIRST_SORT_DIRECTION[field];
    update({ sort: field, dir });
  }

  const filtered = hasVmFilters(query, fixedCloudId);
  const data = list.data;
  // Ended VMs take no action, so they cannot be ticked.
  const pageIds = data?.rows.filter((vm) => !isFinalVmState(vm.state)).map((vm) => vm.id) ?? [];
  const { page: _page, pageSize: _pageSize, sort: _sort, dir: _dir, ...filter } = query;
  const matching = useQuery(trpc.vms.matchingIds.queryOptions(filter, { enabled: selectable, placeholderData: keepPreviousData }));
  const selectedSet = new Set(selected);
  const pageState = pageSelectionState(selected, pageIds);

  // "/" searches, "?" lists the keys, "d" drains the selection; typing in a field is left alone.
  useEffect(() => {
    function onKey(event: globalThis.KeyboardEvent) {
      if (event.ctrlKey || event.metaKey || event.altKey || isTypingInto(event.target as HTMLElement | null) || document.querySelector("[role=dialog]")) return;
      if (event.key === "/") {
        event.preventDefault();
        searchRef.current?.querySelector<HTMLInputElement>("input[type=search]")?.focus();
      } else if (event.key === "?") {
        setShowShortcuts(true);
      } else if (event.key === "d" && canDrain && selected.length > 0) {
        setBulk("drain");
      }
    }
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [canDrain, selected.length]);

  function onRowKey(event: KeyboardEvent<HTMLTableRowElement>, index: number) {
    if (event.target !== event.currentTarget) return;
    const next = nextRowIndex(event.key, index, data?.rows.length ?? 0);
    if (next !== null) {
      event.preventDefault();
      rowRefs.current[next]?.focus();
    }
  }

  function tick(id: number, on: boolean, event: MouseEvent | null) {
    const next = event?.shiftKey ? toggleRange(selected, pageIds, anchor.current, id, on) : toggleOne(selected, id, on);
    anchor.current = id;
    setSelected(next.slice(0, MAX_SELECTION));
  }

  return (
    <div className="flex flex-col gap-2">
      <div ref={searchRef} className="flex items-start justify-between gap-2">
        <VmFilters query={query} fixedCloudId={fixedCloudId} onFilter={update} />
        <ColumnChooser shown={shownColumns} onChange={setShownColumns} showCloud={showCloud} />
        <button type="button" onClick={() => setShowShortcuts(true)} className="shrink-0 rounded border border-zinc-300 px-2 py-0.5 text-xs hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-sky-500 dark:border-zinc-700 dark:hover:bg-zinc-800">
          Keyboard shortcuts (?)
        </button>
      </div>
      {showShortcuts && <ShortcutsDialog onClose={() => setShowShortcuts(false)} />}
      {selectable && (
        <SelectionToolbar
          count={selected.length}
          onThisPage={pageIds.filter((id) => selectedSet.has(id)).length}
          pageCount={pageIds.length}
          matching={matching.data}
          canDrain={canDrain}
          canDestroy={canDestroy}
          onSelectPage={() => setSelected(togglePage(selected, pageIds, true).slice(0, MAX_SELECTION))}
          onSelectMatching={(ids) => setSelected(ids)}
          onDrain={() => setBulk("drain")}
          onDestroy={() => setBulk("destroy")}
          onClear={() => setSelected([])}
        />
      )}
      {bulk && (
        <BulkActionDialog
          kind={bulk}
          vmIds={selected}
          onClose={() => setBulk(null)}
          onDone={() => {
            setBulk(null);
            setSelected([]);
          }}
        />
      )}
      {rowAction && <BulkActionDialog kind={rowAction.kind} vmIds={[rowAction.vmId]} onClose={() => setRowAction(null)} onDone={() => setRowAction(null)} />}
      {list.error && (
        <QueryError what={data ? "fresh VM rows; showing the last ones" : "VMs"} error={list.error} onRetry={() => void list.refetch()} />
      )}
      {!data && !list.error && <VmsTableSkeleton />}
      {data && (
        <>
          {/* Scrolls within itself so the header row stays in view over a long page. */}
          <div className="max-h-[75vh] overflow-auto rounded border border-zinc-200 dark:border-zinc-800">
            <table aria-label="VMs" aria-busy={list.isPlaceholderData} className="w-full border-collapse text-xs">
              <thead className="sticky top-0 z-10 bg-zinc-100 dark:bg-zinc-800">
                <tr>
                  {selectable && (
                    <th scope="col" className="w-8 px-2 py-1 text-left">
                      <input
                        type="checkbox"
                        className="h-3.5 w-3.5 accent-sky-600"
                        aria-label={pageState === "all" ? "Unselect all VMs on this page" : `Select all ${data.rows.length} VMs on this page`}
                        checked={pageState === "all"}
                        ref={(el) => {
                          if (el) el.indeterminate = pageState === "some";
                        }}
                        disabled={pageIds.length === 0}
                        onChange={(e) => setSelected(togglePage(selected, pageIds, e.target.checked).slice(0, MAX_SELECTION))}
                      />
                    </th>
                  )}
                  <SortHeader field="name" query={query} onSort={sortBy} />
                  {columns.map((column) =>
                    isSortableColumn(column) ? (
                      <SortHeader key={column} field={column} query={query} onSort={sortBy} />
                    ) : (
                      <th key={column} scope="col" className="px-2 py-1.5 text-left text-xs font-semibold whitespace-nowrap">
                        {VM_COLUMN_LABELS[column]}
                      </th>
                    ),
                  )}
                  <th scope="col" className="w-8 px-2 py-1">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody className={list.isPlaceholderData ? "opacity-60" : undefined}>
                {data.rows.map((vm, index) => (
                  <VmTableRow
                    key={vm.id}
                    vm={vm}
                    rowRef={(el) => {
                      rowRefs.current[index] = el;
                    }}
                    onKeyDown={(event) => onRowKey(event, index)}
                    shown={shown}
                    menu={{
                      open: menuFor === vm.id,
                      canDrain,
                      canDestroy,
                      onOpenChange: (open) => setMenuFor(open ? vm.id : null),
                      onAction: (kind) => setRowAction({ kind, vmId: vm.id }),
                    }}
                    selection={
                      selectable ? { checked: selectedSet.has(vm.id), ended: isFinalVmState(vm.state), onTick: (on, event) => tick(vm.id, on, event) } : undefined
                    }
                  />
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

/**
 * One tab stop per row: the row itself takes focus (its link and tick box are reached by
 * keys, not by Tab); Space ticks it, Enter opens the VM's page.
 */
function VmTableRow({
  vm,
  shown,
  menu,
  selection,
  rowRef,
  onKeyDown,
}: {
  vm: VmRow;
  shown: ReadonlySet<VmColumn>;
  menu: Omit<Parameters<typeof VmRowMenu>[0], "vm">;
  rowRef: (el: HTMLTableRowElement | null) => void;
  onKeyDown: (event: KeyboardEvent<HTMLTableRowElement>) => void;
  selection?: { checked: boolean; ended: boolean; onTick: (on: boolean, event: MouseEvent | null) => void };
}) {
  return (
    <tr
      ref={rowRef}
      tabIndex={0}
      onKeyDown={(event) => {
        onKeyDown(event);
        if (event.defaultPrevented || event.target !== event.currentTarget) return;
        if (event.key === " " && selection && !selection.ended) {
          event.preventDefault();
          selection.onTick(!selection.checked, null);
        } else if (event.key === "Enter") {
          event.currentTarget.querySelector<HTMLAnchorElement>("a[href^='/vms/']")?.click();
        } else if (event.key === "m" || event.key === "ContextMenu" || (event.key === "F10" && event.shiftKey)) {
          event.preventDefault();
          menu.onOpenChange(true);
        }
      }}
      aria-label={vm.name}
      data-testid="vm-row"
      aria-selected={selection ? selection.checked : undefined}
      className={`border-t border-zinc-100 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-sky-500 dark:border-zinc-800 ${selection?.checked ? "bg-sky-50 dark:bg-sky-950/40" : "hover:bg-zinc-50 dark:hover:bg-zinc-800/40"}`}
    >
      {selection && (
        <td className={TD}>
          <input
            type="checkbox"
            className="h-3.5 w-3.5 accent-sky-600"
            aria-label={selection.ended ? `${vm.name} has ended and takes no action` : `Select ${vm.name}`}
            checked={selection.checked}
            disabled={selection.ended}
            tabIndex={-1}
            // onClick sees the shift key (range select); keyboard toggles arrive here too, without it.
            onClick={(e) => selection.onTick(e.currentTarget.checked, e)}
            onChange={() => {}}
          />
        </td>
      )}
      <td className={`${TD} font-medium`}>
        <VmLink vmId={vm.id} name={vm.name} title={vm.providerId} tabIndex={-1} className="hover:underline focus-visible:outline-2 focus-visible:outline-sky-500" />
        {vm.stale && (
          <span className="ml-1">
            <StaleBadge count={1} />
          </span>
        )}
      </td>
      {shown.has("cloud") && (
        <td className={TD}>
          <Link href={`/clouds/${vm.cloudId}`} tabIndex={-1} className="hover:underline focus-visible:outline-2 focus-visible:outline-sky-500">
            {vm.cloudName}
          </Link>
        </td>
      )}
      {shown.has("state") && (
        <td className={TD}>
          <VmStateBadge state={vm.state} rawState={vm.rawState} />
          <PendingRequest vm={vm} />
          {vm.lastError && (
            <span className="ml-1 inline-block max-w-48 truncate align-middle text-red-700 dark:text-red-400" title={vm.lastError}>
              {vm.lastError}
            </span>
          )}
        </td>
      )}
      {shown.has("queue") && <td className={TD}>{vm.queue ?? "–"}</td>}
      {shown.has("image") && (
        <td className={TD} title={vm.imageRef ?? undefined}>
          {vm.imageName ?? vm.imageRef ?? "–"}
        </td>
      )}
      {shown.has("imageTrust") && (
        <td className={TD}>
          <ImageTrustBadge imageClass={vm.imageClass} modified={vm.imageModified} />
        </td>
      )}
      {shown.has("flavor") && (
        <td className={TD} title={vm.flavorRef ?? undefined}>
          {vm.flavorName ?? vm.flavorRef ?? "–"}
        </td>
      )}
      {shown.has("ip") && <td className={`${TD} font-mono`}>{vm.ip ?? "–"}</td>}
      {shown.has("stateChangedAt") && (
        <td className={TD}>
          <RelativeTime at={vm.stateChangedAt} />
        </td>
      )}
      {shown.has("createdAt") && (
        <td className={TD}>
          <RelativeTime at={vm.createdAt} />
        </td>
      )}
      <td className={`${TD} text-right`}>
        <VmRowMenu vm={vm} {...menu} />
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
  return <RowsSkeleton label="Loading VMs" rows={10} rowClassName="h-6" />;
}

/** "draining for 2 h" (with the deadline), or "destroy requested 3 min ago", until the VM is gone. */
function PendingRequest({ vm }: { vm: Pick<VmRow, "state" | "drainRequestedAt" | "drainDeadlineAt" | "destroyRequestedAt"> }) {
  const now = useNow();
  if (vm.state === "terminated") return null;
  if (vm.destroyRequestedAt) {
    return (
      // The clock differs between server render and hydration, as in RelativeTime.
      <span className="ml-1 text-zinc-600 dark:text-zinc-400" title={formatUtc(vm.destroyRequestedAt)} suppressHydrationWarning>
        destroy requested {formatSpan(Math.max(0, now - vm.destroyRequestedAt.getTime()))} ago
      </span>
    );
  }
  if (vm.drainRequestedAt) {
    const deadline = vm.drainDeadlineAt ? ` · destroyed at ${formatUtc(vm.drainDeadlineAt)} if still busy` : "";
    return (
      <span className="ml-1 text-amber-800 dark:text-amber-300" title={`drain requested ${formatUtc(vm.drainRequestedAt)}${deadline}`} suppressHydrationWarning>
        draining for {formatSpan(Math.max(0, now - vm.drainRequestedAt.getTime()))}
      </span>
    );
  }
  return null;
}

/** Stays at the top of the window while the table scrolls under it. */
function SelectionToolbar({
  count,
  onThisPage,
  pageCount,
  matching,
  canDrain,
  canDestroy,
  onSelectPage,
  onSelectMatching,
  onDrain,
  onDestroy,
  onClear,
}: {
  count: number;
  onThisPage: number;
  pageCount: number;
  matching: { ids: number[]; total: number } | undefined;
  canDrain: boolean;
  canDestroy: boolean;
  onSelectPage: () => void;
  onSelectMatching: (ids: number[]) => void;
  onDrain: () => void;
  onDestroy: () => void;
  onClear: () => void;
}) {
  const button = "rounded border px-2 py-0.5 font-medium focus-visible:outline-2 focus-visible:outline-sky-500";
  const plain = `${button} border-zinc-300 bg-white hover:bg-zinc-100 dark:border-zinc-700 dark:bg-zinc-900 dark:hover:bg-zinc-800`;
  const matchingLabel = matching
    ? matching.total > matching.ids.length
      ? `Select the first ${formatCount(matching.ids.length)} of ${formatCount(matching.total)} matching this filter`
      : `Select all ${formatCount(matching.total)} matching this filter`
    : null;
  return (
    <div
      role="group"
      aria-label="Selected VMs"
      className="sticky top-0 z-20 flex flex-wrap items-center gap-2 rounded border border-sky-300 bg-sky-50 px-2 py-1 text-xs dark:border-sky-800 dark:bg-sky-950"
    >
      <p aria-live="polite">
        <strong>{formatCount(count)}</strong> {count === 1 ? "VM" : "VMs"} selected
        {count > onThisPage && <span className="text-zinc-600 dark:text-zinc-400"> ({formatCount(count - onThisPage)} on other pages)</span>}
      </p>
      <button type="button" onClick={onSelectPage} disabled={pageCount === 0 || onThisPage === pageCount} className={plain}>
        Select this page
      </button>
      {matching && matchingLabel && (
        <button type="button" onClick={() => onSelectMatching(matching.ids)} disabled={matching.total === 0 || count === matching.ids.length} className={plain}>
          {matchingLabel}
        </button>
      )}
      {count > 0 && canDrain && (
        <button type="button" onClick={onDrain} className={`${button} border-amber-500 bg-white hover:bg-amber-50 dark:bg-zinc-900 dark:hover:bg-amber-950`}>
          <span aria-hidden="true">◑ </span>Drain…
        </button>
      )}
      {count > 0 && canDestroy && (
        <button type="button" onClick={onDestroy} className={`${button} border-red-500 bg-white text-red-800 hover:bg-red-50 dark:bg-zinc-900 dark:text-red-300 dark:hover:bg-red-950`}>
          <span aria-hidden="true">✖ </span>Destroy…
        </button>
      )}
      {count > 0 && (
        <button type="button" onClick={onClear} className={plain}>
          Clear selection
        </button>
      )}
    </div>
  );
}
