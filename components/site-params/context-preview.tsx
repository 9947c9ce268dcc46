"use client";

import { useId, useState, type KeyboardEvent } from "react";
import { formatCount } from "@/components/format/format-number";
import { CONTEXT_METHOD_LABELS, CONTEXT_METHODS, type ContextMethod } from "@/server/domain/vocabulary";
import type { ContextPreview as Preview } from "@/server/services/preview-context";

/**
 * The contextualization a VM would receive, in each of the three methods, as tabs; the
 * cloud's configured method (the one sent at launch) is marked and selected first.
 */
export function ContextPreview({ preview, note }: { preview: Preview; note?: string }) {
  const [chosen, setChosen] = useState<ContextMethod | null>(null);
  const selected = chosen ?? preview.method;
  const baseId = useId();
  const tabId = (m: ContextMethod) => `${baseId}-tab-${m}`;
  const panelId = `${baseId}-panel`;

  function onKeyDown(event: KeyboardEvent<HTMLButtonElement>) {
    const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    if (step === 0) return;
    event.preventDefault();
    const next = CONTEXT_METHODS[(CONTEXT_METHODS.indexOf(selected) + step + CONTEXT_METHODS.length) % CONTEXT_METHODS.length] ?? selected;
    setChosen(next);
    document.getElementById(tabId(next))?.focus();
  }

  const problem = preview.sizeProblems[selected];
  const measured = preview.measuredBytes[selected];
  return (
    <div className="flex flex-col gap-2">
      <p className="text-xs text-zinc-600 dark:text-zinc-400">
        For a VM named <code>{preview.vm.vmName}</code> on queue <code>{preview.vm.queue}</code>; the action id and launch token are placeholders.
        {note && <strong className="ml-1 font-medium text-amber-800 dark:text-amber-300">{note}</strong>}
      </p>
      <div role="tablist" aria-label="Contextualization method" className="flex flex-wrap gap-1 border-b border-zinc-200 dark:border-zinc-800">
        {CONTEXT_METHODS.map((m) => {
          const isSelected = m === selected;
          const configured = m === preview.method;
          return (
            <button
              key={m}
              id={tabId(m)}
              type="button"
              role="tab"
              aria-selected={isSelected}
              aria-controls={panelId}
              tabIndex={isSelected ? 0 : -1}
              onClick={() => setChosen(m)}
              onKeyDown={onKeyDown}
              className={`-mb-px flex items-center gap-1 rounded-t border px-2 py-1 text-xs focus-visible:outline-2 focus-visible:outline-sky-500 ${
                isSelected ? "border-zinc-200 border-b-white bg-white font-semibold dark:border-zinc-800 dark:border-b-zinc-900 dark:bg-zinc-900" : "border-transparent text-zinc-600 hover:bg-zinc-100 dark:text-zinc-400 dark:hover:bg-zinc-800"
              }`}
            >
              {CONTEXT_METHOD_LABELS[m]}
              {configured && <span className="rounded bg-sky-100 px-1 text-[10px] font-semibold text-sky-900 uppercase dark:bg-sky-900 dark:text-sky-100">sent at launch</span>}
              <span className="text-zinc-500 tabular-nums">{formatCount(preview.bytes[m])} B</span>
              {preview.sizeProblems[m] && (
                <span className="text-red-700 dark:text-red-400" aria-label="(over the size limit)">
                  ▲
                </span>
              )}
            </button>
          );
        })}
      </div>
      <div id={panelId} role="tabpanel" aria-labelledby={tabId(selected)} className="flex flex-col gap-2">
        <div className="flex flex-wrap items-center gap-2 text-xs">
          <label className="flex items-center gap-2">
            <span>
              Size: <strong className="tabular-nums">{formatCount(preview.bytes[selected])}</strong> bytes
              {preview.limitMeasured === "base64" && <> ({formatCount(measured)} in base64)</>} of <span className="tabular-nums">{formatCount(preview.limitBytes)}</span> allowed on {preview.cloud.kind}
            </span>
            <meter min={0} max={preview.limitBytes} high={preview.limitBytes * 0.8} optimum={0} value={measured} className="w-32" />
          </label>
          <span className="text-zinc-500">{preview.limitNote}.</span>
        </div>
        {problem && (
          <p role="alert" className="rounded border border-red-300 bg-red-50 p-2 text-xs text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-200">
            {problem}
          </p>
        )}
        <pre
          tabIndex={0}
          aria-label={`${CONTEXT_METHOD_LABELS[selected]} preview`}
          className="max-h-[32rem] overflow-auto rounded border border-zinc-200 bg-zinc-50 p-2 font-mono text-[11px] leading-snug whitespace-pre dark:border-zinc-800 dark:bg-zinc-950"
        >
          {preview.rendered[selected]}
        </pre>
      </div>
    </div>
  );
}
