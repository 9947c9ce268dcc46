"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useCan } from "@/components/auth/use-session";
import { RequestError } from "@/components/dialog/form-field";
import { BUTTON, PRIMARY_BUTTON } from "@/components/dialog/modal-dialog";
import { useToast } from "@/components/toast/toast-provider";
import { useTRPC } from "@/components/trpc/client";
import { RelativeTime } from "@/components/time/relative-time";
import type { SiteParamHistoryEntry } from "@/server/services/list-site-param-history";

/** Each saved version, newest first, with who saved it and what it changed. */
export function SiteParamsHistory({ cloudId, entries, total }: { cloudId: number; entries: SiteParamHistoryEntry[]; total: number }) {
  const canEdit = useCan("siteParams.edit");
  if (entries.length === 0) return <p className="text-sm text-zinc-500">No versions saved yet.</p>;
  return (
    <div className="flex flex-col gap-2">
      <ol className="flex flex-col gap-2" aria-label="Versions, newest first">
        {entries.map((entry) => (
          <li key={entry.version} className="rounded border border-zinc-200 p-2 dark:border-zinc-800">
            <p className="text-sm">
              <strong>Version {entry.version}</strong> · {entry.createdByName} · <RelativeTime at={entry.createdAt} />
            </p>
            {entry.comment && <p className="text-xs text-zinc-700 italic dark:text-zinc-300">“{entry.comment}”</p>}
            {canEdit && entry.version < total && entry.params && <RevertButton cloudId={cloudId} toVersion={entry.version} newest={total} />}
            {entry.problem && (
              <p role="alert" className="text-xs text-red-700 dark:text-red-400">
                {entry.problem}
              </p>
            )}
            {entry.changes.length === 0 && !entry.problem ? (
              <p className="text-xs text-zinc-500">No change.</p>
            ) : (
              entry.changes.length > 0 && (
                <table aria-label={`Changes in version ${entry.version}`} className="mt-1 w-full border-collapse text-xs">
                  <thead>
                    <tr className="text-left text-zinc-500">
                      <th scope="col" className="pr-2 font-medium">
                        Field
                      </th>
                      {entry.version > 1 && (
                        <th scope="col" className="pr-2 font-medium">
                          Before
                        </th>
                      )}
                      <th scope="col" className="font-medium">
                        {entry.version === 1 ? "Value" : "After"}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {entry.changes.map((change) => (
                      <tr key={change.field} className="border-t border-zinc-100 align-top dark:border-zinc-800">
                        <th scope="row" className="w-56 py-0.5 pr-2 text-left font-normal whitespace-nowrap">
                          {change.label}
                        </th>
                        {entry.version > 1 && (
                          <td className="py-0.5 pr-2 break-all text-red-800 dark:text-red-300">
                            <Shown value={change.before} />
                          </td>
                        )}
                        <td className="py-0.5 break-all text-green-800 dark:text-green-300">
                          <Shown value={change.after} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )
            )}
          </li>
        ))}
      </ol>
      <p className="text-xs text-zinc-500">
        {total > entries.length && `Showing the newest ${entries.length} of ${total} versions. `}
        <Link href={`/audit?verb=siteParams.edit&type=cloud&target=${cloudId}`} className="text-sky-700 underline dark:text-sky-400">
          Every edit in the audit log
        </Link>
      </p>
    </div>
  );
}

/** Asks once more, then saves version n's parameters as a new version (the server refuses if someone saved meanwhile). */
function RevertButton({ cloudId, toVersion, newest }: { cloudId: number; toVersion: number; newest: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [asking, setAsking] = useState(false);
  const revert = useMutation(
    trpc.siteParams.revert.mutationOptions({
      onSuccess: (result) => {
        toast.push({ tone: "success", title: result.created ? `Saved version ${result.version}` : "Nothing changed", body: `Version ${toVersion}'s parameters are in force.` });
        setAsking(false);
      },
      onSettled: () => void queryClient.invalidateQueries({ queryKey: trpc.siteParams.pathKey() }),
    }),
  );
  if (!asking) {
    return (
      <button type="button" className={`${BUTTON} mt-1 text-xs`} onClick={() => setAsking(true)}>
        Revert to version {toVersion}…
      </button>
    );
  }
  return (
    <div role="group" aria-label={`Revert to version ${toVersion}`} className="mt-1 flex flex-wrap items-center gap-2 text-xs">
      <span>
        Save version {toVersion}&apos;s parameters as version {newest + 1}?
      </span>
      <button type="button" className={PRIMARY_BUTTON} disabled={revert.isPending} onClick={() => revert.mutate({ cloudId, basedOnVersion: newest, toVersion })}>
        Revert
      </button>
      <button type="button" className={BUTTON} onClick={() => setAsking(false)}>
        Cancel
      </button>
      <RequestError error={revert.error} />
    </div>
  );
}

function Shown({ value }: { value: string | null }) {
  if (value === null) return <span className="text-zinc-500 italic">(none)</span>;
  return <code className="whitespace-pre-wrap">{value}</code>;
}
