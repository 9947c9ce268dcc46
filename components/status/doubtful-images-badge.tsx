import { ShieldAlert } from "lucide-react";
import Link from "next/link";
import { formatCount } from "@/components/format/format-number";
import { buildVmsHref } from "@/components/tables/vm-query";
import { DOUBTFUL_IMAGE_CLASSES, filterVmsOnImageClasses } from "@/server/domain/vm-filter";

/** Live VMs running revoked or uncatalogued images, linking to exactly those VMs. */
export function DoubtfulImagesBadge({ count, cloudId }: { count: number; cloudId?: number }) {
  if (count === 0) return null;
  const text = `${formatCount(count)} VM${count === 1 ? "" : "s"} on revoked or unknown images`;
  return (
    <Link
      href={buildVmsHref(filterVmsOnImageClasses(DOUBTFUL_IMAGE_CLASSES, cloudId))}
      className="inline-flex items-center gap-1 rounded bg-red-100 px-1.5 py-0.5 text-xs font-medium text-red-900 hover:underline focus-visible:outline-2 focus-visible:outline-sky-500 dark:bg-red-950 dark:text-red-200"
    >
      <ShieldAlert aria-hidden="true" className="size-3" />
      {text}
    </Link>
  );
}
