import { VM_IMAGE_CLASS_LABELS, type VmImageClass } from "@/server/domain/vocabulary";

const LOOK: Record<VmImageClass, string> = {
  production: "bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200",
  testing: "bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-200",
  revoked: "bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200",
  expired: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
  unapproved: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
  unknown: "bg-zinc-200 text-zinc-900 dark:bg-zinc-800 dark:text-zinc-200",
};

/** What a VM runs, as the collector judged its image; `modified` names the differing hashes. */
export function ImageTrustBadge({ imageClass, modified }: { imageClass: VmImageClass | null; modified: string | null }) {
  if (imageClass === null) return <span title="Not classified yet: the next poll of its cloud will">–</span>;
  return (
    <span className="inline-flex items-center gap-1">
      <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${LOOK[imageClass]}`}>{VM_IMAGE_CLASS_LABELS[imageClass]}</span>
      {modified && (
        <span title={modified} className="rounded bg-red-100 px-1.5 py-0.5 text-xs font-medium text-red-900 dark:bg-red-950 dark:text-red-200">
          modified
        </span>
      )}
    </span>
  );
}
