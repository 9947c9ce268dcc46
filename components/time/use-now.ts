import { useSyncExternalStore } from "react";

let now = Date.now();
let timer: ReturnType<typeof setInterval> | undefined;
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === undefined) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const notify of listeners) notify();
    }, 1_000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

function readNow(): number {
  return now;
}

/**
 * The server renders with its own clock; in the browser, hydration must read one stable
 * value (React warns and may loop when getServerSnapshot changes between calls).
 */
function readServerNow(): number {
  return typeof window === "undefined" ? Date.now() : now;
}

/** The current time, ticking every second; one timer however many clocks are on the page. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, readNow, readServerNow);
}
