"use client";

import { useEffect, useEffectEvent, useState } from "react";

const DEBOUNCE_MS = 300;

/**
 * A search box that commits after a pause in typing (or on Enter). It follows its value
 * when that changes elsewhere (Clear filters) without clobbering what is being typed.
 */
export function NameSearch({ value, onCommit }: { value: string; onCommit: (text: string) => void }) {
  const [draft, setDraft] = useState(value);
  const [seen, setSeen] = useState(value);
  const [sent, setSent] = useState(value);
  if (value !== seen) {
    setSeen(value);
    if (value !== sent) setDraft(value);
  }

  function commit(text: string) {
    setSent(text);
    onCommit(text);
  }
  const commitAfterPause = useEffectEvent(commit);

  useEffect(() => {
    const text = draft.trim();
    if (text === value) return;
    const timer = setTimeout(() => commitAfterPause(text), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [draft, value]);

  return (
    <form
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        if (draft.trim() !== value) commit(draft.trim());
      }}
    >
      <input
        type="search"
        aria-label="Search VMs by name, IP or provider id"
        placeholder="Name, IP or provider id…"
        value={draft}
        maxLength={200}
        onChange={(e) => setDraft(e.target.value)}
        className="w-56 rounded border border-zinc-300 bg-transparent px-2 py-1 dark:border-zinc-700"
      />
    </form>
  );
}
