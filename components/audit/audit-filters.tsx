"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { UtcTimeField } from "@/components/forms/utc-time-field";
import type { AuditQuery } from "./audit-query";

const FIELD = "rounded border border-zinc-300 bg-transparent px-1 py-1 dark:border-zinc-700 dark:bg-zinc-900 focus-visible:outline-2 focus-visible:outline-sky-500";
const OPTIONS_REFETCH_MS = 30_000;

/** Filter controls; each change goes to the URL and back to page 1. */
export function AuditFilters({ query, onFilter, onClear }: { query: AuditQuery; onFilter: (change: Partial<AuditQuery>) => void; onClear: () => void }) {
  const trpc = useTRPC();
  const options = useQuery(trpc.audit.filterOptions.queryOptions(undefined, { refetchInterval: OPTIONS_REFETCH_MS }));
  const actors = withCurrent(options.data?.actors, query.actor);
  const verbs = withCurrent(options.data?.verbs, query.verb);
  const types = withCurrent(options.data?.targetTypes, query.targetType);

  return (
    <div className="flex flex-wrap items-end gap-x-3 gap-y-2 text-xs">
      <label className="flex flex-col gap-0.5">
        Who
        <select aria-label="Filter by who" value={query.actor ?? ""} onChange={(e) => onFilter({ actor: e.target.value || undefined })} className={`${FIELD} max-w-40`}>
          <option value="">Anyone</option>
          {actors.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-0.5">
        What
        <select aria-label="Filter by what was done" value={query.verb ?? ""} onChange={(e) => onFilter({ verb: e.target.value || undefined })} className={`${FIELD} max-w-48`}>
          <option value="">Every action</option>
          {verbs.map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-0.5">
        Target type
        <select
          aria-label="Filter by target type"
          value={query.targetType ?? ""}
          onChange={(e) => onFilter({ targetType: e.target.value || undefined, targetId: e.target.value ? query.targetId : undefined })}
          className={`${FIELD} max-w-40`}
        >
          <option value="">Any target</option>
          {types.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </label>
      <TargetIdField key={query.targetId ?? ""} value={query.targetId} disabled={!query.targetType} onChange={(targetId) => onFilter({ targetId })} />
      <UtcTimeField key={`from-${query.from ?? ""}`} label="From (UTC)" value={query.from} onChange={(from) => onFilter({ from })} />
      <UtcTimeField key={`to-${query.to ?? ""}`} label="To (UTC; a day counts whole)" value={query.to} onChange={(to) => onFilter({ to })} />
      <button
        type="button"
        onClick={onClear}
        className="rounded border border-zinc-300 px-2 py-1 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-sky-500 dark:border-zinc-700 dark:hover:bg-zinc-800"
      >
        Clear filters
      </button>
      {options.error && <span className="text-red-700 dark:text-red-400">Filter choices unavailable: {options.error.message}</span>}
    </div>
  );
}

/** Applied on Enter or when leaving the field, not on every keystroke. */
function TargetIdField({ value, disabled, onChange }: { value?: string; disabled: boolean; onChange: (value: string | undefined) => void }) {
  const [draft, setDraft] = useState(value ?? "");
  function apply() {
    const next = draft.trim() || undefined;
    if (next !== value) onChange(next);
  }
  return (
    <form
      className="flex flex-col gap-0.5"
      onSubmit={(e) => {
        e.preventDefault();
        apply();
      }}
    >
      <label htmlFor="audit-target-id">Target id</label>
      <input
        id="audit-target-id"
        aria-label="Filter by target id"
        aria-describedby={disabled ? "audit-target-id-hint" : undefined}
        value={draft}
        disabled={disabled}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={apply}
        placeholder={disabled ? "choose a type" : "e.g. 3"}
        className={`${FIELD} w-24 disabled:opacity-50`}
      />
      {disabled && (
        <span id="audit-target-id-hint" className="sr-only">
          Choose a target type first
        </span>
      )}
    </form>
  );
}

/** The option a URL asks for stays selectable even before the choices load. */
function withCurrent(list: string[] | undefined, current: string | undefined): string[] {
  const items = list ?? [];
  return current && !items.includes(current) ? [current, ...items] : items;
}
