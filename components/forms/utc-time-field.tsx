"use client";

import { useId, useState } from "react";
import { parseUtcInput } from "@/components/audit/audit-query";

const FIELD = "rounded border border-zinc-300 bg-transparent px-1 py-1 dark:border-zinc-700 dark:bg-zinc-900 focus-visible:outline-2 focus-visible:outline-sky-500";

/**
 * A UTC day or time in ISO form ("2025-06-10" or "2025-06-10T14:30"), typed rather than picked
 * from the browser's local-time picker, so what is shown is what is filtered; applied on Enter or leaving.
 */
export function UtcTimeField({ label, value, onChange }: { label: string; value?: string; onChange: (value: string | undefined) => void }) {
  const [draft, setDraft] = useState(value ?? "");
  const [invalid, setInvalid] = useState(false);
  const id = useId();
  function apply() {
    if (draft.trim() === "") {
      setInvalid(false);
      if (value !== undefined) onChange(undefined);
      return;
    }
    const parsed = parseUtcInput(draft);
    setInvalid(parsed === undefined);
    if (parsed !== undefined && parsed !== value) onChange(parsed);
  }
  return (
    <form
      className="flex flex-col gap-0.5"
      onSubmit={(e) => {
        e.preventDefault();
        apply();
      }}
    >
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={apply}
        placeholder="YYYY-MM-DDTHH:MM"
        aria-invalid={invalid || undefined}
        aria-describedby={`${id}-hint`}
        spellCheck={false}
        className={`${FIELD} w-40 font-mono ${invalid ? "border-red-600" : ""}`}
      />
      <span id={`${id}-hint`} className={invalid ? "text-red-700 dark:text-red-400" : "sr-only"}>
        {invalid ? "Not a date: use 2025-06-10 or 2025-06-10T14:30 (UTC)" : "ISO date or date and time, UTC"}
      </span>
    </form>
  );
}
