"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { RequestError } from "@/components/dialog/form-field";
import { BUTTON, DANGER_BUTTON, INPUT } from "@/components/dialog/modal-dialog";
import { useTRPC } from "@/components/trpc/client";
import { useIdempotencyKey } from "@/components/actions/idempotency-key";
import { VersionRunnersDrain } from "./version-runners-drain";
import type { ImageVersionState } from "@/server/domain/vocabulary";

/** Endorse an approved version into a channel, or revoke it with a reason (admins; the server decides). */
export function VersionActions({ versionId, label, state, channel, external }: { versionId: number; label: string; state: ImageVersionState; channel: string | null; external: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [reason, setReason] = useState("");
  const [drain, setDrain] = useState(false);
  const keyFor = useIdempotencyKey();
  const done = { onSuccess: () => router.refresh() };
  const endorse = useMutation(trpc.images.endorse.mutationOptions(done));
  const revoke = useMutation(trpc.images.revoke.mutationOptions(done));
  const canEndorse = !external && (state === "approved" || state === "endorsed");
  const canRevoke = state === "approved" || state === "endorsed" || state === "expired";
  if (!canEndorse && !canRevoke) return null;
  return (
    <div className="mt-3 flex flex-col gap-2 border-t border-zinc-200 pt-2 dark:border-zinc-800">
      {canEndorse && (
        <div className="flex gap-2">
          {(["testing", "production"] as const)
            .filter((c) => c !== channel || state !== "endorsed")
            .map((c) => (
              <button key={c} type="button" className={BUTTON} disabled={endorse.isPending} onClick={() => endorse.mutate({ versionId, channel: c })}>
                Endorse {label} into {c}
              </button>
            ))}
        </div>
      )}
      {canRevoke && (
        <div className="flex flex-col gap-2">
          <VersionRunnersDrain versionId={versionId} label={label} drain={drain} onDrainChange={setDrain} />
          <div className="flex items-end gap-2">
            <label className="flex flex-col gap-0.5 text-sm">
              Reason to revoke
              <input value={reason} onChange={(e) => setReason(e.target.value)} className={INPUT} />
            </label>
            <button
              type="button"
              className={DANGER_BUTTON}
              disabled={revoke.isPending}
              onClick={() => revoke.mutate({ versionId, reason, drain: drain ? { idempotencyKey: keyFor(`revoke-drain:${versionId}`) } : undefined })}
            >
              Revoke {label}
              {drain ? " and drain" : ""}
            </button>
          </div>
        </div>
      )}
      <RequestError error={endorse.error ?? revoke.error} />
    </div>
  );
}
