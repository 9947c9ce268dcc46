"use client";

import { useRouter } from "next/navigation";
import { ChevronDown } from "lucide-react";
import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { CLOUD_STATUS_LOOK } from "@/components/status/cloud-statuses";
import { isProblemCloud, orderCloudsWorstFirst } from "@/server/domain/cloud-triage";
import type { CloudStatus } from "@/server/domain/vocabulary";
import type { CloudSummary } from "@/server/services/list-clouds";

/**
 * One button for every cloud, however many: it opens a searchable list (a combobox: type to
 * narrow, arrows to move, Enter to open, Escape to close), worst first, so the navigation
 * stays one line with fifty clouds.
 */
export function CloudSwitcher({ clouds, currentId }: { clouds: CloudSummary[]; currentId: number | null }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const button = useRef<HTMLButtonElement>(null);
  const popup = useRef<HTMLDivElement>(null);
  const listId = useId();

  const ordered = orderCloudsWorstFirst(clouds);
  const needle = query.trim().toLowerCase();
  const shown = needle ? ordered.filter((c) => `${c.name} ${c.kind} ${c.region ?? ""} ${c.status}`.toLowerCase().includes(needle)) : ordered;
  const problems = clouds.filter(isProblemCloud).length;
  const current = clouds.find((c) => c.id === currentId) ?? null;
  const worst = ordered[0];

  useEffect(() => {
    if (!open) return;
    const closeOutside = (event: MouseEvent) => {
      if (!popup.current?.contains(event.target as Node) && !button.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", closeOutside);
    return () => document.removeEventListener("mousedown", closeOutside);
  }, [open]);

  function close() {
    setOpen(false);
    button.current?.focus();
  }

  function go(id: number) {
    setOpen(false);
    setQuery("");
    router.push(`/clouds/${id}`);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "ArrowDown") setActive((i) => Math.min(i + 1, shown.length - 1));
    else if (event.key === "ArrowUp") setActive((i) => Math.max(i - 1, 0));
    else if (event.key === "Home") setActive(0);
    else if (event.key === "End") setActive(shown.length - 1);
    else if (event.key === "Enter" && shown[active]) go(shown[active].id);
    else if (event.key === "Escape") close();
    else return;
    event.preventDefault();
  }

  return (
    <div className="relative">
      <button
        ref={button}
        type="button"
        aria-haspopup="listbox"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
        className={`flex items-center gap-1 rounded px-2 py-1 whitespace-nowrap hover:bg-zinc-200 focus-visible:outline-2 focus-visible:outline-sky-500 dark:hover:bg-zinc-800 ${
          current ? "bg-zinc-200 font-semibold dark:bg-zinc-800" : ""
        }`}
      >
        {worst && <StatusIcon status={(current ?? worst).status} />}
        <span className="max-w-48 truncate">{current ? current.name : `Clouds (${clouds.length})`}</span>
        {problems > 0 && <span className="rounded bg-red-100 px-1 text-xs font-semibold text-red-900 dark:bg-red-950 dark:text-red-200">{problems} need a look</span>}
        <ChevronDown aria-hidden="true" className="size-4" />
      </button>
      {open && (
        <div ref={popup} className="absolute top-full left-0 z-30 mt-1 w-80 rounded border border-zinc-300 bg-white p-2 shadow-lg dark:border-zinc-700 dark:bg-zinc-900">
          <input
            autoFocus
            role="combobox"
            aria-label="Find a cloud"
            aria-expanded="true"
            aria-controls={listId}
            aria-autocomplete="list"
            aria-activedescendant={shown[active] ? `${listId}-${shown[active].id}` : undefined}
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
              setActive(0);
            }}
            onKeyDown={onKeyDown}
            placeholder="Name, kind, region or status"
            className="mb-1 w-full rounded border border-zinc-300 bg-white px-2 py-1 dark:border-zinc-700 dark:bg-zinc-950"
          />
          <ul id={listId} role="listbox" aria-label="Clouds" className="max-h-96 overflow-y-auto">
            {shown.map((c, i) => (
              <li
                key={c.id}
                id={`${listId}-${c.id}`}
                role="option"
                aria-selected={i === active}
                onMouseEnter={() => setActive(i)}
                onClick={() => go(c.id)}
                className={`flex cursor-pointer items-center gap-1.5 rounded px-2 py-1 ${i === active ? "bg-sky-100 dark:bg-sky-950" : ""}`}
              >
                <StatusIcon status={c.status} />
                <span className="min-w-0 flex-1 truncate">{c.name}</span>
                <span className="text-xs text-zinc-500">
                  {c.status}
                  {c.paused && ", paused"}
                </span>
              </li>
            ))}
            {shown.length === 0 && <li className="px-2 py-1 text-zinc-500">No cloud matches “{query}”.</li>}
          </ul>
        </div>
      )}
    </div>
  );
}

function StatusIcon({ status }: { status: CloudStatus }) {
  const Icon = CLOUD_STATUS_LOOK[status].icon;
  return <Icon aria-hidden="true" className={`size-4 shrink-0 ${CLOUD_STATUS_LOOK[status].text}`} />;
}
