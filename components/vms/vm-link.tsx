import Link from "next/link";

const LINK = "text-sky-800 hover:underline focus-visible:outline-2 focus-visible:outline-sky-500 dark:text-sky-300";

/** A VM's name, linking to its page. */
export function VmLink({ vmId, name, title, tabIndex, className = LINK }: { vmId: number; name: string; title?: string; tabIndex?: number; className?: string }) {
  return (
    <Link href={`/vms/${vmId}`} title={title} tabIndex={tabIndex} className={className}>
      {name}
    </Link>
  );
}
