"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { RequestError } from "@/components/dialog/form-field";
import { BUTTON, DANGER_BUTTON, INPUT, PRIMARY_BUTTON } from "@/components/dialog/modal-dialog";
import { useTRPC } from "@/components/trpc/client";

/** Approve or reject one submitted version, with a reason; the server refuses the submitter (four eyes). */
export function DecisionForm({ versionId, label }: { versionId: number; label: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [reason, setReason] = useState("");
  const decide = useMutation(trpc.images.decide.mutationOptions({ onSuccess: () => router.refresh() }));
  return (
    <div className="flex flex-col gap-2">
      <label className="flex flex-col gap-0.5 text-sm">
        Reason for {label}
        <input value={reason} onChange={(e) => setReason(e.target.value)} className={INPUT} />
      </label>
      <div className="flex gap-2">
        <button type="button" className={PRIMARY_BUTTON} disabled={decide.isPending} onClick={() => decide.mutate({ versionId, decision: "approve", reason })}>
          Approve
        </button>
        <button type="button" className={DANGER_BUTTON} disabled={decide.isPending} onClick={() => decide.mutate({ versionId, decision: "reject", reason })}>
          Reject
        </button>
        {decide.isSuccess && <span className={BUTTON}>Done</span>}
      </div>
      <RequestError error={decide.error} />
    </div>
  );
}
