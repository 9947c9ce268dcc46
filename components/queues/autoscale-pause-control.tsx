"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useCan } from "@/components/auth/use-session";
import { FormField } from "@/components/dialog/form-field";
import { BUTTON, INPUT } from "@/components/dialog/modal-dialog";
import { useTRPC } from "@/components/trpc/client";

/** Operators pause all autoscaling for an incident (with a reason), or resume it. */
export function AutoscalePauseControl() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canPause = useCan("autoscale.pause");
  const pause = useQuery(trpc.queues.pause.queryOptions());
  const [reason, setReason] = useState("");
  const save = useMutation(trpc.queues.setPause.mutationOptions({ onSuccess: () => queryClient.invalidateQueries(trpc.queues.pathFilter()) }));
  if (!canPause || !pause.data) return null;
  if (pause.data.paused) {
    return (
      <button type="button" className={BUTTON} disabled={save.isPending} onClick={() => save.mutate({ paused: false })}>
        Resume autoscaling
      </button>
    );
  }
  return (
    <form
      className="flex items-end gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ paused: true, reason });
      }}
    >
      <FormField label="Reason to pause" error={save.error?.message}>
        {(props) => <input {...props} className={INPUT} value={reason} onChange={(e) => setReason(e.target.value)} />}
      </FormField>
      <button type="submit" className={BUTTON} disabled={save.isPending}>
        Pause all autoscaling
      </button>
    </form>
  );
}
