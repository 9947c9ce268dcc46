"use client";

import { useMemo, useSyncExternalStore } from "react";
import { useSession } from "@/components/auth/use-session";
import { parseShownColumns, serializeShownColumns, type VmColumn } from "./vm-columns";

/** Same-tab writes: the browser's storage event only reaches other tabs. */
const CHANGED = "cloudscope:vm-columns";

function subscribe(onChange: () => void): () => void {
  window.addEventListener("storage", onChange);
  window.addEventListener(CHANGED, onChange);
  return () => {
    window.removeEventListener("storage", onChange);
    window.removeEventListener(CHANGED, onChange);
  };
}

/**
 * The VMs table's shown columns, remembered per user in this browser's localStorage (there
 * are no server-side user preferences); the server renders every column.
 */
export function useVmColumns(): [ReadonlySet<VmColumn>, (shown: ReadonlySet<VmColumn>) => void] {
  const { actor } = useSession();
  const key = `cloudscope.vm-columns.${actor?.id ?? "anonymous"}`;
  const stored = useSyncExternalStore(
    subscribe,
    () => readStored(key),
    () => null,
  );
  const shown = useMemo(() => parseShownColumns(stored), [stored]);
  function setShown(next: ReadonlySet<VmColumn>) {
    try {
      localStorage.setItem(key, serializeShownColumns(next));
    } catch {
      // Storage refused (private mode, full): the choice cannot be kept.
    }
    window.dispatchEvent(new Event(CHANGED));
  }
  return [shown, setShown];
}

function readStored(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}
