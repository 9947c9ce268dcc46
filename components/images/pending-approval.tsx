import Link from "next/link";
import type { FieldChange } from "@/server/domain/image-versions";
import type { ImageVersionRow } from "@/server/services/images/list-image-versions";
import { DecisionForm } from "./decision-form";

function show(value: string | number | null): string {
  return value === null || value === "" ? "—" : String(value);
}

/** One version waiting for a second admin, with what changed since the image's previous version. */
export function PendingApproval({ version, previous, changes }: { version: ImageVersionRow; previous: { version: string } | null; changes: FieldChange[] }) {
  const label = `${version.imageName} ${version.version}`;
  return (
    <section aria-label={label} className="flex flex-col gap-2 rounded border border-zinc-200 bg-white p-3 text-sm dark:border-zinc-800 dark:bg-zinc-900">
      <h2 className="font-semibold">
        <Link href={`/images/${version.imageId}`} className="underline">
          {version.imageName}
        </Link>{" "}
        {version.version} <span className="font-normal text-zinc-500">submitted by {version.submittedByName}</span>
      </h2>
      <table aria-label={`Changes of ${label}`} className="w-full text-xs">
        <caption className="text-left text-zinc-500">{previous ? `Compared with version ${previous.version}` : "First version of this image"}</caption>
        <thead>
          <tr>
            <th className="text-left">Field</th>
            <th className="text-left">Before</th>
            <th className="text-left">Now</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((c) => (
            <tr key={c.field}>
              <td className="pr-2">{c.label}</td>
              <td className="break-all pr-2 text-red-800 dark:text-red-300">{show(c.before)}</td>
              <td className="break-all text-emerald-800 dark:text-emerald-300">{show(c.after)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <DecisionForm versionId={version.id} label={label} />
    </section>
  );
}
