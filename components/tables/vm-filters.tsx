"use client";

import { useQuery } from "@tanstack/react-query";
import { VM_STATE_LOOK } from "@/components/status/vm-states";
import { LIVE_VM_STATES, VM_IMAGE_CLASSES, VM_IMAGE_CLASS_LABELS, VM_STATES, type VmImageClass, type VmState } from "@/server/domain/vocabulary";
import { DOUBTFUL_IMAGE_CLASSES } from "@/server/domain/vm-filter";
import { useTRPC } from "@/components/trpc/client";
import type { ListVmsQuery, NameMatch } from "@/server/services/list-vms";
import { NameSearch } from "./name-search";
import { isLiveOnly, NAME_MATCH_LABELS } from "./vm-query";

const SELECT = "max-w-48 rounded border border-zinc-300 bg-transparent px-1 py-1 dark:border-zinc-700 dark:bg-zinc-900";
const OPTIONS_REFETCH_MS = 30_000;
const TOGGLE = "rounded border border-zinc-300 px-1.5 py-0.5 font-medium hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-sky-500 dark:border-zinc-700 dark:hover:bg-zinc-800";

/** Filter controls; each change goes to the URL and back to page 1. */
export function VmFilters({
  query,
  fixedCloudId,
  onFilter,
}: {
  query: ListVmsQuery;
  fixedCloudId?: number;
  onFilter: (change: Partial<ListVmsQuery>) => void;
}) {
  const trpc = useTRPC();
  const clouds = useQuery({ ...trpc.clouds.list.queryOptions(), enabled: fixedCloudId === undefined });
  const options = useQuery(trpc.vms.filterOptions.queryOptions({ cloudId: fixedCloudId }, { refetchInterval: OPTIONS_REFETCH_MS }));

  const imageNames = new Map(options.data?.images.map((i) => [i.ref, i.name]));

  function toggleState(state: VmState, on: boolean) {
    const states = VM_STATES.filter((s) => (s === state ? on : query.states.includes(s)));
    onFilter({ states });
  }

  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-2 text-xs">
      {fixedCloudId === undefined && (
        <select
          aria-label="Filter by cloud"
          value={query.cloudId ?? ""}
          onChange={(e) => onFilter({ cloudId: e.target.value ? Number(e.target.value) : undefined })}
          className={SELECT}
        >
          <option value="">All clouds</option>
          {clouds.data?.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      )}
      {isLiveOnly(query.states) ? (
        <button type="button" className={TOGGLE} onClick={() => onFilter({ states: [] })}>
          Show ended VMs
        </button>
      ) : (
        <button type="button" className={TOGGLE} onClick={() => onFilter({ states: [...LIVE_VM_STATES] })}>
          Live VMs only
        </button>
      )}
      <fieldset className="flex flex-wrap items-center gap-1">
        <legend className="sr-only">Filter by state</legend>
        {VM_STATES.map((state) => {
          const checked = query.states.includes(state);
          return (
            <label
              key={state}
              className={`flex cursor-pointer items-center gap-1 rounded border px-1.5 py-0.5 ${
                checked ? `border-transparent ${VM_STATE_LOOK[state].badge}` : "border-zinc-300 dark:border-zinc-700"
              }`}
            >
              <input
                type="checkbox"
                className="h-3 w-3 accent-sky-600"
                checked={checked}
                onChange={(e) => toggleState(state, e.target.checked)}
                aria-label={`State ${state}`}
              />
              {state}
            </label>
          );
        })}
      </fieldset>
      {query.stale && (
        <button
          type="button"
          onClick={() => onFilter({ stale: undefined })}
          aria-label="Showing only stale VMs; show all"
          className="rounded bg-amber-100 px-1.5 py-0.5 font-medium text-amber-900 hover:bg-amber-200 focus-visible:outline-2 focus-visible:outline-sky-500 dark:bg-amber-950 dark:text-amber-200"
        >
          only stale <span aria-hidden="true">✕</span>
        </button>
      )}
      <select
        aria-label="Filter by queue"
        value={query.queue ?? ""}
        onChange={(e) => onFilter({ queue: e.target.value || undefined })}
        className={SELECT}
      >
        <option value="">All queues</option>
        {withCurrent(options.data?.queues ?? [], query.queue).map((queue) => (
          <option key={queue} value={queue}>
            {queue}
          </option>
        ))}
      </select>
      <select
        aria-label="Filter by image"
        value={query.image ?? ""}
        onChange={(e) => onFilter({ image: e.target.value || undefined })}
        className={SELECT}
      >
        <option value="">All images</option>
        {withCurrent([...imageNames.keys()], query.image).map((ref) => {
          const name = imageNames.get(ref);
          return (
            <option key={ref} value={ref}>
              {name ? `${name} (${ref})` : ref}
            </option>
          );
        })}
      </select>
      <select
        aria-label="Filter by image trust"
        value={query.imageClasses.join(",")}
        onChange={(e) => onFilter({ imageClasses: parseImageClassChoice(e.target.value) })}
        className={SELECT}
      >
        {IMAGE_TRUST_CHOICES.map(({ value, label }) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
        {!IMAGE_TRUST_CHOICES.some((c) => c.value === query.imageClasses.join(",")) && (
          <option value={query.imageClasses.join(",")}>{query.imageClasses.map((c) => VM_IMAGE_CLASS_LABELS[c]).join(" or ")}</option>
        )}
      </select>
      {query.imageVersionId !== undefined && (
        <button
          type="button"
          onClick={() => onFilter({ imageVersionId: undefined })}
          aria-label={`Showing only VMs running catalogue version ${query.imageVersionId}; show all`}
          className="rounded bg-sky-100 px-1.5 py-0.5 font-medium text-sky-900 hover:bg-sky-200 focus-visible:outline-2 focus-visible:outline-sky-500 dark:bg-sky-950 dark:text-sky-200"
        >
          only version #{query.imageVersionId} <span aria-hidden="true">✕</span>
        </button>
      )}
      <div className="flex items-center gap-1">
        <select
          aria-label="Name match"
          value={query.nameMatch}
          onChange={(e) => onFilter({ nameMatch: e.target.value as NameMatch })}
          className={SELECT}
        >
          {(Object.keys(NAME_MATCH_LABELS) as NameMatch[]).map((match) => (
            <option key={match} value={match}>
              {NAME_MATCH_LABELS[match]}
            </option>
          ))}
        </select>
        <NameSearch value={query.name} onCommit={(name) => onFilter({ name })} />
      </div>
    </div>
  );
}

/** A value from the URL stays selectable even when no VM uses it any more. */
function withCurrent(values: string[], current: string | undefined): string[] {
  return current === undefined || values.includes(current) ? values : [current, ...values];
}

/** "All", the overview's "revoked or unknown", then each class alone; a value is the classes joined by commas. */
const IMAGE_TRUST_CHOICES = [
  { value: "", label: "Any image trust" },
  { value: DOUBTFUL_IMAGE_CLASSES.join(","), label: DOUBTFUL_IMAGE_CLASSES.map((c) => VM_IMAGE_CLASS_LABELS[c]).join(" or ") },
  ...VM_IMAGE_CLASSES.map((c) => ({ value: c, label: VM_IMAGE_CLASS_LABELS[c] })),
];

function parseImageClassChoice(value: string): VmImageClass[] {
  const chosen = new Set(value.split(","));
  return VM_IMAGE_CLASSES.filter((c) => chosen.has(c));
}
