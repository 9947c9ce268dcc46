"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useCan } from "@/components/auth/use-session";
import { useIdempotencyKey } from "@/components/actions/idempotency-key";
import { RequestError } from "@/components/dialog/form-field";
import { INPUT, PRIMARY_BUTTON } from "@/components/dialog/modal-dialog";
import { useToast } from "@/components/toast/toast-provider";
import { useTRPC } from "@/components/trpc/client";
import { describeAction } from "@/server/domain/vocabulary";
import type { MatrixVersion } from "./deployment-matrix";

const PUBLISHABLE = new Set(["approved", "endorsed"]);

/** Admins choose a version and clouds; the worker publishes, the matrix follows. */
export function PublishForm({ imageId, versions, clouds }: { imageId: number; versions: MatrixVersion[]; clouds: { id: number; name: string }[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const keyFor = useIdempotencyKey();
  const allowed = useCan("images.publish");
  const choices = versions.filter((v) => PUBLISHABLE.has(v.state));
  const [versionId, setVersionId] = useState<number | undefined>(choices.at(-1)?.id);
  const [chosen, setChosen] = useState<number[]>([]);
  const publish = useMutation(trpc.images.publish.mutationOptions());
  if (!allowed || choices.length === 0 || clouds.length === 0) return null;

  function submit() {
    if (versionId === undefined || chosen.length === 0) return;
    const cloudIds = [...chosen].sort((a, b) => a - b);
    publish.mutate(
      { versionId, cloudIds, idempotencyKey: keyFor(`${versionId}:${cloudIds.join(",")}`) },
      {
        onSuccess(result) {
          const label = describeAction("publish", cloudIds.length);
          toast.push({ tone: "success", title: result.existing ? `${label} was already queued` : `${label} queued`, link: { href: `/actions/${result.actionId}`, label: "follow it" } });
          setChosen([]);
          void queryClient.invalidateQueries({ queryKey: trpc.images.deployments.queryKey({ imageId }) });
        },
      },
    );
  }

  return (
    <form
      className="mt-3 flex flex-wrap items-end gap-3 border-t border-zinc-200 pt-2 text-sm dark:border-zinc-800"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <label className="flex flex-col gap-0.5">
        Version to publish
        <select className={INPUT} value={versionId} onChange={(e) => setVersionId(Number(e.target.value))}>
          {choices.map((v) => (
            <option key={v.id} value={v.id}>
              {v.version}
            </option>
          ))}
        </select>
      </label>
      <fieldset className="flex flex-wrap gap-2">
        <legend className="mb-0.5">Clouds</legend>
        {clouds.map((c) => (
          <label key={c.id} className="flex items-center gap-1">
            <input type="checkbox" checked={chosen.includes(c.id)} onChange={(e) => setChosen(e.target.checked ? [...chosen, c.id] : chosen.filter((id) => id !== c.id))} />
            {c.name}
          </label>
        ))}
      </fieldset>
      <button type="submit" className={PRIMARY_BUTTON} disabled={publish.isPending || chosen.length === 0}>
        Publish
      </button>
      <RequestError error={publish.error} />
    </form>
  );
}
