"use client";

import Link from "next/link";
import { useSearchParams } from "next/navigation";
import type { CloudGrouping } from "@/server/domain/cloud-triage";
import { buildOverviewHref, type OverviewLayout, type OverviewView } from "./overview-view";

const LAYOUT_LABELS: Record<OverviewLayout, string> = { cards: "Cards", list: "List" };
const GROUP_LABELS: Record<CloudGrouping, string> = { none: "None", kind: "Kind", region: "Region" };

/** Links, not buttons: the layout and grouping live in the URL like every other view setting. */
export function OverviewViewControls({ view, groupings }: { view: OverviewView; groupings: readonly CloudGrouping[] }) {
  const params = useSearchParams();
  return (
    <div className="flex items-center gap-4 text-xs">
      <Choice label="Layout" options={["cards", "list"] as const} current={view.layout} name={(o) => LAYOUT_LABELS[o]} href={(o) => buildOverviewHref(params, { layout: o })} />
      <Choice label="Group by" options={groupings} current={view.group} name={(o) => GROUP_LABELS[o]} href={(o) => buildOverviewHref(params, { group: o })} />
    </div>
  );
}

function Choice<T extends string>({ label, options, current, name, href }: { label: string; options: readonly T[]; current: T; name: (o: T) => string; href: (o: T) => string }) {
  return (
    <nav aria-label={label} className="flex items-center gap-1.5">
      <span className="text-zinc-600 dark:text-zinc-400">{label}</span>
      <ul className="flex overflow-hidden rounded border border-zinc-300 dark:border-zinc-700">
        {options.map((option) => (
          <li key={option}>
            <Link
              href={href(option)}
              replace
              scroll={false}
              aria-current={option === current ? "true" : undefined}
              className={`block px-2 py-0.5 focus-visible:outline-2 focus-visible:outline-sky-500 ${
                option === current ? "bg-sky-700 font-semibold text-white" : "hover:bg-zinc-100 dark:hover:bg-zinc-800"
              }`}
            >
              {name(option)}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
