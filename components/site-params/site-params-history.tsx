"use client";

import Link from "next/link";
import { RelativeTime } from "@/components/time/relative-time";
import type { SiteParamHistoryEntry } from "@/server/services/list-site-param-history";

/** Each saved version, newest first, with who saved it and what it changed. */
export function SiteParamsHistory({ cloudId, entries, total }: { cloudId: number; entries: SiteParamHistoryEntry[]; total: number }) {
  if (entries.length === 0) return <p className="text-sm text-zinc-500">No versions saved yet.</p>;
  return (
    <div className="flex flex-col gap-2">
      <ol className="flex flex-col gap-2" aria-label="Versions, newest first">
        {entries.map((entry) => (
          <li key={entry.version} className="rounded border border-zinc-200 p-2 dark:border-zinc-800">
            <p className="text-sm">
              <strong>Version {entry.version}</strong> · {entry.createdByName} · <RelativeTime at={entry.createdAt} />
            </p>
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

function Shown({ value }: { value: string | null }) {
  if (value === null) return <span className="text-zinc-500 italic">(none)</span>;
  return <code className="whitespace-pre-wrap">{value}</code>;
}
