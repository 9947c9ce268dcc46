"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { FormField, Notice, RequestError } from "@/components/dialog/form-field";
import { BUTTON, DANGER_BUTTON, INPUT, ModalDialog, PRIMARY_BUTTON } from "@/components/dialog/modal-dialog";
import { formatCount } from "@/components/format/format-number";
import { LoadingRegion, Skeleton } from "@/components/layout/skeleton";
import { useToast } from "@/components/toast/toast-provider";
import { useTRPC } from "@/components/trpc/client";
import { describeAction } from "@/server/domain/vocabulary";
import { describeSelection, validateDeadlineHours, DEFAULT_DRAIN_HOURS } from "./bulk-action";
import { useIdempotencyKey } from "./idempotency-key";

/**
 * Confirmation for draining or destroying a selection: names how many VMs on which clouds
 * and how many run jobs (read fresh from the server), and starts with focus on Cancel.
 */
export function BulkActionDialog({ kind, vmIds, onClose, onDone }: { kind: "drain" | "destroy"; vmIds: number[]; onClose: () => void; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const cancelRef = useRef<HTMLButtonElement>(null);
  const keyFor = useIdempotencyKey();
  const inFlight = useRef(false);
  const [hours, setHours] = useState(String(DEFAULT_DRAIN_HOURS));
  const preview = useQuery(trpc.actions.previewSelection.queryOptions({ vmIds }));
  const drain = useMutation(trpc.actions.drain.mutationOptions());
  const destroy = useMutation(trpc.actions.destroy.mutationOptions());
  const mutation = kind === "drain" ? drain : destroy;

  const hoursProblem = kind === "drain" ? validateDeadlineHours(hours) : null;
  const summary = preview.data ? describeSelection(kind, preview.data, vmIds.length) : null;
  const count = preview.data?.total ?? 0;
  const verb = kind === "drain" ? "Drain" : "Destroy";
  const title = `${verb} ${formatCount(vmIds.length)} selected ${vmIds.length === 1 ? "VM" : "VMs"}`;

  function onSuccess(result: { actionId: number }) {
    const label = describeAction(kind, count);
    toast.push({ tone: "success", title: `${label} queued`, link: { href: `/actions/${result.actionId}`, label: "follow it" } });
    toast.follow({ actionId: result.actionId, label });
    void queryClient.invalidateQueries({ queryKey: trpc.actions.pathKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.vms.pathKey() });
    onDone();
  }

  function confirm() {
    if (!preview.data || count === 0 || hoursProblem || inFlight.current) return;
    inFlight.current = true;
    const settle = { onSuccess, onSettled: () => (inFlight.current = false) };
    if (kind === "drain") {
      const deadlineHours = Number(hours);
      drain.mutate({ vmIds, deadlineHours, idempotencyKey: keyFor(JSON.stringify([kind, vmIds, deadlineHours])) }, settle);
    } else {
      destroy.mutate({ vmIds, idempotencyKey: keyFor(JSON.stringify([kind, vmIds])) }, settle);
    }
  }

  return (
    <ModalDialog title={title} onClose={onClose} initialFocusRef={cancelRef}>
      <form
        noValidate
        className="flex flex-col gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          confirm();
        }}
      >
        {preview.error && <RequestError error={preview.error} />}
        {!preview.data && !preview.error && (
          <LoadingRegion label="Counting the selected VMs">
            <Skeleton className="h-16" />
          </LoadingRegion>
        )}
        {summary && (
          <div className="flex flex-col gap-1 text-sm" data-testid="bulk-summary">
            <p className="font-semibold">{summary.headline}</p>
            {summary.names && (
              <p className="text-xs break-words" data-testid="bulk-names">
                {summary.names}
              </p>
            )}
            {summary.clouds.length > 0 && (
              <ul className="ml-4 list-disc text-xs">
                {summary.clouds.map((c) => (
                  <li key={c}>{c}</li>
                ))}
              </ul>
            )}
            {summary.running && <Notice tone={kind === "destroy" ? "warn" : "info"}>{summary.running}</Notice>}
            {summary.skipped && <p className="text-xs text-zinc-600 dark:text-zinc-400">{summary.skipped}</p>}
          </div>
        )}
        {kind === "drain" && (
          <FormField
            label="Deadline (hours)"
            error={hoursProblem ?? undefined}
            hint="A VM still busy when the deadline passes is destroyed, job or not."
          >
            {(props) => (
              <input {...props} type="number" inputMode="decimal" min={0.1} max={336} step="any" className={`${INPUT} w-28 tabular-nums`} value={hours} onChange={(e) => setHours(e.target.value)} />
            )}
          </FormField>
        )}
        <RequestError error={mutation.error} />
        <div className="flex justify-end gap-2 border-t border-zinc-200 pt-3 dark:border-zinc-800">
          <button ref={cancelRef} type="button" className={BUTTON} onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            className={kind === "destroy" ? DANGER_BUTTON : PRIMARY_BUTTON}
            disabled={!preview.data || count === 0 || Boolean(hoursProblem) || mutation.isPending}
          >
            {mutation.isPending ? "Queuing…" : `${verb} ${formatCount(count)} ${count === 1 ? "VM" : "VMs"}`}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
