"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { RotateCcw } from "lucide-react";
import { useRef, useState } from "react";
import { RequestError } from "@/components/dialog/form-field";
import { BUTTON, DANGER_BUTTON, ModalDialog, PRIMARY_BUTTON } from "@/components/dialog/modal-dialog";
import { formatUtc } from "@/components/format/format-time";
import { QueryError } from "@/components/layout/query-error";
import { Section } from "@/components/layout/section";
import { LoadingRegion, Skeleton } from "@/components/layout/skeleton";
import { VmStateBadge } from "@/components/status/vm-state-badge";
import { RelativeTime } from "@/components/time/relative-time";
import { useNow } from "@/components/time/use-now";
import { useToast } from "@/components/toast/toast-provider";
import { useTRPC } from "@/components/trpc/client";
import { ACTION_STATUSES, type ActionStatus, describeAction, isFinishedActionStatus } from "@/server/domain/vocabulary";
import type { ActionDetail as ActionDetailData } from "@/server/services/get-action";
import { ActionProgress } from "./action-progress";
import { LaunchDialog } from "./launch-dialog";
import { countAwaitingBoot, listFailedVms } from "./launch-outcome";
import { ActionStatusBadge } from "./action-status-badge";
import { ACTION_STATUS_LOOK } from "./action-statuses";
import { describeParams } from "./actions-query";
import { listParamRows } from "./action-params-display";
import { useIdempotencyKey } from "./idempotency-key";
import { useCan } from "@/components/auth/use-session";
import { HeaderCells } from "@/components/tables/header-cells";
import { VmLink } from "@/components/vms/vm-link";

const FOLLOW_MS = 2_000;
const PAGE_FAILED_VMS = 10;
const TD = "px-2 py-1 align-top";
const LINK = "text-sky-800 hover:underline focus-visible:outline-2 focus-visible:outline-sky-500 dark:text-sky-300";

type Item = ActionDetailData["items"][number];

/** One action to its end: what was asked, progress per VM, the provider's errors, Retry and Cancel. */
export function ActionDetail({ actionId }: { actionId: number }) {
  const trpc = useTRPC();
  const detail = useQuery(
    trpc.actions.byId.queryOptions(
      { actionId },
      // Live until it ends; a finished action no longer changes.
      { refetchInterval: (q) => (q.state.data && isFinishedActionStatus(q.state.data.status) ? false : FOLLOW_MS) },
    ),
  );
  const [itemFilter, setItemFilter] = useState<ActionStatus | "all">("all");
  const now = useNow();

  if (detail.error && !detail.data) return <QueryError what={`action #${actionId}`} error={detail.error} onRetry={() => void detail.refetch()} />;
  if (!detail.data) return <ActionDetailSkeleton />;

  const a = detail.data;
  const items = itemFilter === "all" ? a.items : a.items.filter((i) => i.status === itemFilter);
  const itemCounts = new Map<ActionStatus, number>();
  for (const i of a.items) itemCounts.set(i.status, (itemCounts.get(i.status) ?? 0) + 1);
  const title = `${describeAction(a.kind, a.total)}${a.cloudName ? ` on ${a.cloudName}` : ""}`;
  const booting = countAwaitingBoot(a.kind, a.items);

  return (
    <div className="flex flex-col gap-3">
      {detail.error && <QueryError what="fresh progress; showing the last known" error={detail.error} />}
      <header className="flex items-start justify-between gap-4 rounded border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900">
        <div className="min-w-0 flex-1">
          <p className="text-xs text-zinc-500">
            <Link href="/actions" className={LINK}>
              Actions
            </Link>{" "}
            / #{a.id}
          </p>
          <h1 className="flex flex-wrap items-center gap-2 text-lg font-bold">
            {title} <ActionStatusBadge status={a.status} />
          </h1>
          <p className="text-xs text-zinc-600 dark:text-zinc-400">
            {describeParams(a.stored)} · requested by <strong>{a.requestedByName}</strong> <RelativeTime at={a.requestedAt} /> ({formatUtc(a.requestedAt)})
            {a.retryOf !== null && (
              <>
                {" "}
                · retry of{" "}
                <Link href={`/actions/${a.retryOf}`} className={LINK}>
                  #{a.retryOf}
                </Link>
              </>
            )}
          </p>
          <p className="mt-1 text-xs">
            {a.startedAt && (
              <>
                Started <RelativeTime at={a.startedAt} />.{" "}
              </>
            )}
            {a.finishedAt && (
              <>
                Finished <RelativeTime at={a.finishedAt} />.{" "}
              </>
            )}
            {a.attempts > 1 && <>Attempt {a.attempts}. </>}
            {!isFinishedActionStatus(a.status) && a.notBefore && a.notBefore.getTime() > now && (
              <>
                Next attempt <RelativeTime at={a.notBefore} />.
              </>
            )}
          </p>
          {a.error && (
            <p
              role="status"
              className={`mt-2 rounded border p-2 text-sm ${a.status === "partly_failed" ? "border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100" : "border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-200"}`}
            >
              <span aria-hidden="true">{a.status === "partly_failed" ? "◐ " : "✖ "}</span>
              {a.error}
            </p>
          )}
          {booting > 0 && a.status === "running" && (
            <p role="status" className="mt-2 text-sm">
              <span aria-hidden="true">◔ </span>
              Waiting for {booting} {booting === 1 ? "VM" : "VMs"} to boot; the launch ends when every VM runs, fails or passes the boot timeout.
            </p>
          )}
          <FailedVms action={a} onShowAll={() => setItemFilter("failed")} />
        </div>
        <div className="flex w-80 shrink-0 flex-col items-end gap-2">
          <ActionProgress total={a.total} succeeded={a.succeeded} failed={a.failed} wide />
          <ActionButtons action={a} />
          <Link href={`/audit?type=action&target=${a.id}`} className={`${LINK} text-xs`}>
            Audit entries for this action
          </Link>
        </div>
      </header>

      <Section title="Parameters">
        <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-0.5 text-xs">
          {a.paramsError && <p className="col-span-2 text-red-700 dark:text-red-400">Unreadable: {a.paramsError}</p>}
          {listParamRows(a.stored?.params ?? {}).map((row) => (
            <div key={row.key} className="contents">
              <dt className="font-medium text-zinc-600 dark:text-zinc-400">{row.label}</dt>
              <dd className="font-mono break-all" title={row.title}>
                {row.value}
              </dd>
            </div>
          ))}
        </dl>
      </Section>

      <Section
        title={`Per-VM progress (${a.items.length})`}
        actions={
          <div role="group" aria-label="Show items" className="flex flex-wrap gap-1 text-xs">
            <FilterButton active={itemFilter === "all"} onClick={() => setItemFilter("all")} label={`All ${a.items.length}`} />
            {ACTION_STATUSES.filter((s) => itemCounts.has(s)).map((s) => (
              <FilterButton key={s} active={itemFilter === s} onClick={() => setItemFilter(s)} label={`${ACTION_STATUS_LOOK[s].icon} ${s} ${itemCounts.get(s)}`} />
            ))}
          </div>
        }
      >
        {a.items.length === 0 ? (
          <p className="py-2 text-xs text-zinc-500">This action has no per-VM items.</p>
        ) : (
          <div className="max-h-[32rem] overflow-auto" tabIndex={0} role="region" aria-label="Per-VM progress, scrollable">
            <table aria-label="Per-VM progress" className="w-full border-collapse text-xs">
              <thead className="sticky top-0 bg-zinc-100 dark:bg-zinc-800">
                <tr>
                  <HeaderCells headers={["#", "Cloud", "VM", "Status", "VM state", "Attempts", "Updated", "Provider's answer"]} />
                </tr>
              </thead>
              <tbody>
                {items.map((item) => (
                  <ItemRow key={item.id} item={item} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>
    </div>
  );
}

function ItemRow({ item }: { item: Item }) {
  return (
    <tr data-testid="action-item" className="border-t border-zinc-100 dark:border-zinc-800">
      <td className={`${TD} tabular-nums`}>{item.seq + 1}</td>
      <td className={`${TD} whitespace-nowrap`}>
        <Link href={`/clouds/${item.cloudId}`} className={LINK}>
          {item.cloudName ?? `cloud ${item.cloudId}`}
        </Link>
      </td>
      <td className={`${TD} whitespace-nowrap`}>
        {item.vmId !== null && item.vmName ? (
          <VmLink vmId={item.vmId} name={item.vmName} />
        ) : (
          <span className="text-zinc-500">{item.providerId ?? "not created yet"}</span>
        )}
      </td>
      <td className={`${TD} whitespace-nowrap`}>
        <ActionStatusBadge status={item.status} />
      </td>
      <td className={`${TD} whitespace-nowrap`}>
        {item.vmState ? <VmStateBadge state={item.vmState} /> : <span className="text-zinc-500">–</span>}
        {item.vmStateAtRequest && <span className="ml-1 text-zinc-500">(was {item.vmStateAtRequest})</span>}
      </td>
      <td className={`${TD} tabular-nums`}>{item.attempts}</td>
      <td className={`${TD} whitespace-nowrap`}>
        <RelativeTime at={item.updatedAt} />
      </td>
      <td className={`${TD} max-w-xl`}>{item.error ? <span className="text-red-800 dark:text-red-300">{item.error}</span> : <span className="text-zinc-500">–</span>}</td>
    </tr>
  );
}

/** A finished launch's failed VMs, each in the provider's words, so the outcome is read without scrolling the table. */
function FailedVms({ action: a, onShowAll }: { action: ActionDetailData; onShowAll: () => void }) {
  if (a.kind !== "launch" || !isFinishedActionStatus(a.status)) return null;
  const { lines, more } = listFailedVms(a.items, PAGE_FAILED_VMS);
  if (lines.length === 0) return null;
  return (
    <div className="mt-2 text-xs">
      <p className="font-semibold">Failed VMs</p>
      <ul aria-label="Failed VMs" className="list-inside list-disc">
        {lines.map((line, i) => (
          <li key={i} className="break-words">
            {line}
          </li>
        ))}
      </ul>
      {more > 0 && (
        <button type="button" onClick={onShowAll} className={`${LINK} mt-1`}>
          and {more} more: show every failed VM below
        </button>
      )}
    </div>
  );
}

function FilterButton({ active, onClick, label }: { active: boolean; onClick: () => void; label: string }) {
  return (
    <button
      type="button"
      aria-pressed={active}
      onClick={onClick}
      className={`rounded border px-1.5 py-0.5 focus-visible:outline-2 focus-visible:outline-sky-500 ${active ? "border-sky-600 bg-sky-100 dark:bg-sky-950" : "border-zinc-300 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"}`}
    >
      {label}
    </button>
  );
}

/**
 * Retry (a failed or partly failed action) and Cancel (a queued or running one), each behind a
 * confirmation; a finished launch can be launched again (the launch dialog, filled in as it was).
 */
function ActionButtons({ action: a }: { action: ActionDetailData }) {
  const canRetry = useCan("actions.retry");
  const canCancel = useCan("actions.cancel");
  const canLaunch = useCan("vms.launch");
  const [open, setOpen] = useState<"retry" | "cancel" | "again" | null>(null);
  const showRetry = canRetry && (a.status === "failed" || a.status === "partly_failed");
  const showCancel = canCancel && (a.status === "queued" || a.status === "running");
  const again = canLaunch && isFinishedActionStatus(a.status) && a.stored?.kind === "launch" ? a.stored.params : null;
  // An open dialog stays while the action moves on (e.g. it finishes during a cancel), so its answer is seen.
  if (!showRetry && !showCancel && !again && open === null) return null;
  return (
    <div className="flex gap-2">
      {again && (
        <button type="button" className={BUTTON} onClick={() => setOpen("again")}>
          <RotateCcw aria-hidden="true" className="inline size-4 align-text-bottom" /> Launch the same again
        </button>
      )}
      {open === "again" && again && (
        <LaunchDialog
          cloudId={again.cloudId}
          initial={{ imageId: again.imageId, flavorId: again.flavorId, queue: again.queue, count: again.count }}
          onClose={() => setOpen(null)}
        />
      )}
      {showRetry && (
        <button type="button" className={PRIMARY_BUTTON} onClick={() => setOpen("retry")}>
          <span aria-hidden="true">↻</span> Retry
        </button>
      )}
      {showCancel && (
        <button type="button" className={BUTTON} onClick={() => setOpen("cancel")}>
          <span aria-hidden="true">⊘</span> Cancel
        </button>
      )}
      {open === "retry" && <RetryDialog action={a} onClose={() => setOpen(null)} />}
      {open === "cancel" && <CancelDialog action={a} onClose={() => setOpen(null)} />}
    </div>
  );
}

/** A new idempotency key per opening: retrying twice from one dialog queues one retry. */
function RetryDialog({ action: a, onClose }: { action: ActionDetailData; onClose: () => void }) {
  const trpc = useTRPC();
  const toast = useToast();
  const router = useRouter();
  const queryClient = useQueryClient();
  const keyFor = useIdempotencyKey();
  const inFlight = useRef(false);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const retry = useMutation(trpc.actions.retry.mutationOptions());
  const failedItems = a.items.filter((i) => i.status === "failed").length;
  const label = `Retry of action #${a.id}`;

  function confirm() {
    if (inFlight.current) return;
    inFlight.current = true;
    retry.mutate(
      { actionId: a.id, idempotencyKey: keyFor(String(a.id)) },
      {
        onSuccess(result) {
          toast.push({ tone: "success", title: `${label} queued`, link: { href: `/actions/${result.actionId}`, label: "follow it" } });
          toast.follow({ actionId: result.actionId, label });
          void queryClient.invalidateQueries({ queryKey: trpc.actions.pathKey() });
          onClose();
          router.push(`/actions/${result.actionId}`);
        },
        onSettled: () => (inFlight.current = false),
      },
    );
  }

  return (
    <ModalDialog title={`Retry action #${a.id}`} onClose={onClose} initialFocusRef={cancelRef}>
      <div className="flex flex-col gap-3 text-sm">
        <p>
          A new action is queued for what did not succeed
          {failedItems > 0 ? ` (${failedItems} failed ${failedItems === 1 ? "VM" : "VMs"})` : ""}. VMs that already succeeded are not touched again.
        </p>
        {a.error && <p className="text-xs text-zinc-600 dark:text-zinc-400">Last error: {a.error}</p>}
        <RequestError error={retry.error} />
        <div className="flex justify-end gap-2">
          <button ref={cancelRef} type="button" className={BUTTON} onClick={onClose}>
            Cancel
          </button>
          <button type="button" className={PRIMARY_BUTTON} onClick={confirm} disabled={retry.isPending}>
            {retry.isPending ? "Queuing…" : "Retry"}
          </button>
        </div>
      </div>
    </ModalDialog>
  );
}

function CancelDialog({ action: a, onClose }: { action: ActionDetailData; onClose: () => void }) {
  const trpc = useTRPC();
  const toast = useToast();
  const queryClient = useQueryClient();
  const keepRef = useRef<HTMLButtonElement>(null);
  const cancel = useMutation(trpc.actions.cancel.mutationOptions());
  const pending = a.items.filter((i) => i.status === "queued" || i.status === "running").length;

  return (
    <ModalDialog title={`Cancel action #${a.id}`} onClose={onClose} initialFocusRef={keepRef}>
      <div className="flex flex-col gap-3 text-sm">
        <p>
          The {pending} {pending === 1 ? "item" : "items"} not yet done: queued ones are cancelled; one the worker is executing right now finishes (a
          provider call cannot be taken back). VMs already created keep running; destroy them separately if needed.
        </p>
        <RequestError error={cancel.error} />
        <div className="flex justify-end gap-2">
          <button ref={keepRef} type="button" className={BUTTON} onClick={onClose}>
            Keep it running
          </button>
          <button
            type="button"
            className={DANGER_BUTTON}
            disabled={cancel.isPending}
            onClick={() =>
              cancel.mutate(
                { actionId: a.id },
                {
                  onSuccess(result) {
                    toast.push({ tone: "info", title: `Action #${a.id} cancelled`, body: `${result.cancelled} pending ${result.cancelled === 1 ? "item" : "items"} stopped.` });
                    void queryClient.invalidateQueries({ queryKey: trpc.actions.pathKey() });
                    onClose();
                  },
                },
              )
            }
          >
            {cancel.isPending ? "Cancelling…" : "Cancel action"}
          </button>
        </div>
      </div>
    </ModalDialog>
  );
}

export function ActionDetailSkeleton() {
  return (
    <LoadingRegion label="Loading the action">
      <div className="flex flex-col gap-3">
        <Skeleton className="h-28" />
        <Skeleton className="h-20" />
        <Skeleton className="h-72" />
      </div>
    </LoadingRegion>
  );
}
