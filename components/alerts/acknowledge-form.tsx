"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTRPC } from "@/components/trpc/client";

const BUTTON = "rounded border border-zinc-300 px-2 py-0.5 text-xs hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-sky-500 disabled:opacity-60 dark:border-zinc-700 dark:hover:bg-zinc-800";

/** Take a firing alert in hand: a comment for the next shifter, and optionally a silence until a time (UTC). */
export function AcknowledgeForm({ alertId, summary }: { alertId: number; summary: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [comment, setComment] = useState("");
  const [silenceUntil, setSilenceUntil] = useState("");
  const id = useId();
  const acknowledge = useMutation(
    trpc.alerts.acknowledge.mutationOptions({
      onSuccess: () => {
        setOpen(false);
        void queryClient.invalidateQueries({ queryKey: trpc.alerts.pathKey() });
      },
    }),
  );

  if (!open) {
    return (
      <button type="button" className={BUTTON} onClick={() => setOpen(true)} aria-label={`Acknowledge: ${summary}`}>
        Acknowledge
      </button>
    );
  }
  return (
    <form
      className="flex flex-col gap-1"
      onSubmit={(e) => {
        e.preventDefault();
        acknowledge.mutate({ alertId, comment, silenceUntil: silenceUntil ? new Date(`${silenceUntil}Z`) : undefined });
      }}
    >
      <label htmlFor={`${id}-comment`} className="text-xs font-semibold">
        Comment
      </label>
      <textarea id={`${id}-comment`} required value={comment} onChange={(e) => setComment(e.target.value)} rows={2} className="rounded border border-zinc-300 p-1 text-sm dark:border-zinc-700 dark:bg-zinc-900" />
      <label htmlFor={`${id}-silence`} className="text-xs font-semibold">
        Silence until (UTC, optional)
      </label>
      <input id={`${id}-silence`} type="datetime-local" value={silenceUntil} onChange={(e) => setSilenceUntil(e.target.value)} className="rounded border border-zinc-300 p-1 text-sm dark:border-zinc-700 dark:bg-zinc-900" />
      {acknowledge.error && (
        <p role="alert" className="text-xs text-red-700 dark:text-red-400">
          {acknowledge.error.message}
        </p>
      )}
      <div className="flex gap-1">
        <button type="submit" className={BUTTON} disabled={acknowledge.isPending}>
          Acknowledge alert
        </button>
        <button type="button" className={BUTTON} onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
