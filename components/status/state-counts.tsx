import Link from "next/link";
import { formatCount } from "@/components/format/format-number";
import { VM_STATE_LOOK } from "@/components/status/vm-states";
import { buildVmsHref } from "@/components/tables/vm-query";
import { filterVmsInState } from "@/server/domain/vm-filter";
import type { VmState } from "@/server/domain/vocabulary";

/**
 * One labelled figure per state ("running 12"), shape and word beside the colour; each
 * links to the VMs table showing exactly those VMs (of one cloud, or of all).
 */
export function StateCounts({ counts, states, cloudId }: { counts: Record<VmState, number>; states: readonly VmState[]; cloudId?: number }) {
  return (
    <ul className="flex flex-wrap gap-x-3 gap-y-1 text-xs">
      {states.map((state) => (
        <li
          key={state}
          aria-label={`${state} ${counts[state]}`}
          data-testid={`count-${state}`}
          className={counts[state] === 0 ? "text-zinc-500 dark:text-zinc-400" : undefined}
        >
          <Link href={buildVmsHref(filterVmsInState(state, cloudId))} className="hover:underline focus-visible:outline-2 focus-visible:outline-sky-500">
            <span aria-hidden="true" style={{ color: VM_STATE_LOOK[state].color }}>
              {VM_STATE_LOOK[state].icon}
            </span>{" "}
            {state} <strong className="tabular-nums">{formatCount(counts[state])}</strong>
          </Link>
        </li>
      ))}
    </ul>
  );
}
