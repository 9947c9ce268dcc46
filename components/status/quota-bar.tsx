import Link from "next/link";
import type { ReactNode } from "react";
import { formatCount, formatMb } from "@/components/format/format-number";
import type { QuotaUse } from "@/server/services/lib/quota-use";

const LABELS: Record<QuotaUse["resource"], string> = { instances: "instances", cores: "cores", ram_mb: "RAM" };

function formatFigure(resource: QuotaUse["resource"], n: number): string {
  return resource === "ram_mb" ? formatMb(n) : formatCount(n);
}

/** Used against limit, with the figures in words; amber past 75 %, red past 90 %. With `href`, its name links to the VMs using it. */
export function QuotaBar({ quota, href }: { quota: Pick<QuotaUse, "resource" | "used" | "limit">; href?: string }) {
  const label = LABELS[quota.resource];
  const name: ReactNode = href ? (
    <Link href={href} title={`The live VMs using this ${label} quota`} className="hover:underline focus-visible:outline-2 focus-visible:outline-sky-500">
      {label}
    </Link>
  ) : (
    label
  );
  const used = formatFigure(quota.resource, quota.used);
  if (quota.limit === null) {
    return (
      <div className="flex justify-between text-xs">
        <span>{name}</span>
        <span>{used} used · no limit</span>
      </div>
    );
  }
  const share = quota.limit === 0 ? 1 : quota.used / quota.limit;
  const percent = Math.round(share * 100);
  const fill = share >= 0.9 ? "bg-red-500" : share >= 0.75 ? "bg-amber-500" : "bg-emerald-500";
  const text = `${used} of ${formatFigure(quota.resource, quota.limit)} (${percent} %)`;
  return (
    <div className="text-xs">
      <div className="flex justify-between">
        <span>{name}</span>
        <span>{text}</span>
      </div>
      <div
        role="meter"
        aria-label={`${label} quota`}
        aria-valuemin={0}
        aria-valuemax={quota.limit}
        aria-valuenow={Math.min(quota.used, quota.limit)}
        aria-valuetext={text}
        className="mt-0.5 h-1.5 overflow-hidden rounded bg-zinc-200 dark:bg-zinc-800"
      >
        <div className={`h-full ${fill}`} style={{ width: `${Math.min(100, percent)}%` }} />
      </div>
    </div>
  );
}
