"use client";

import Link from "next/link";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { ActionFollower, type FollowedAction } from "./action-follower";

export type ToastTone = "info" | "success" | "error";

export interface ToastInput {
  tone: ToastTone;
  title: string;
  body?: string;
  link?: { href: string; label: string };
  /** Stays until dismissed (failures); others fade after a while. */
  sticky?: boolean;
}

interface Toast extends ToastInput {
  id: number;
}

interface ToastApi {
  push: (toast: ToastInput) => void;
  /** Watch an action and announce when it ends (succeeded, failed or cancelled). */
  follow: (action: FollowedAction) => void;
}

const ToastContext = createContext<ToastApi | null>(null);
const FADE_MS = 8_000;
const FOLLOWED_KEY = "cloudscope.followed-actions";
const MAX_TOASTS = 5;

const TONE_LOOK: Record<ToastTone, { icon: string; className: string }> = {
  info: { icon: "ℹ", className: "border-sky-300 bg-sky-50 text-sky-950 dark:border-sky-800 dark:bg-sky-950 dark:text-sky-100" },
  success: { icon: "✔", className: "border-emerald-300 bg-emerald-50 text-emerald-950 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-100" },
  error: { icon: "✖", className: "border-red-300 bg-red-50 text-red-950 dark:border-red-800 dark:bg-red-950 dark:text-red-100" },
};

function readFollowed(): FollowedAction[] {
  try {
    const parsed: unknown = JSON.parse(sessionStorage.getItem(FOLLOWED_KEY) ?? "[]");
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(
      (f): f is FollowedAction => typeof f === "object" && f !== null && Number.isInteger(f.actionId) && typeof f.label === "string",
    );
  } catch {
    return [];
  }
}

/** Toasts for this tab, and the actions it follows to their end (kept across reloads in sessionStorage). */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  // Followers render nothing, so reading storage in the first client render cannot upset hydration.
  const [followed, setFollowed] = useState<FollowedAction[]>(() => (typeof window === "undefined" ? [] : readFollowed()));
  const nextId = useRef(1);

  const dismiss = useCallback((id: number) => setToasts((list) => list.filter((t) => t.id !== id)), []);

  const push = useCallback((toast: ToastInput) => {
    const id = nextId.current++;
    setToasts((list) => [...list, { ...toast, id }].slice(-MAX_TOASTS));
  }, []);

  const saveFollowed = useCallback((update: (list: FollowedAction[]) => FollowedAction[]) => {
    setFollowed((list) => {
      const next = update(list);
      try {
        sessionStorage.setItem(FOLLOWED_KEY, JSON.stringify(next));
      } catch {
        // Private mode: followed for this page only.
      }
      return next;
    });
  }, []);

  const follow = useCallback(
    (action: FollowedAction) => saveFollowed((list) => (list.some((f) => f.actionId === action.actionId) ? list : [...list, action])),
    [saveFollowed],
  );
  const unfollow = useCallback((actionId: number) => saveFollowed((list) => list.filter((f) => f.actionId !== actionId)), [saveFollowed]);

  const api = useMemo(() => ({ push, follow }), [push, follow]);

  return (
    <ToastContext.Provider value={api}>
      {children}
      {followed.map((f) => (
        <ActionFollower
          key={f.actionId}
          action={f}
          onFinished={(toast) => {
            unfollow(f.actionId);
            if (toast) push(toast);
          }}
        />
      ))}
      <section aria-label="Notifications" className="pointer-events-none fixed right-4 bottom-4 z-50 flex w-96 max-w-[calc(100vw-2rem)] flex-col gap-2">
        <div role="status" aria-live="polite" className="flex flex-col gap-2">
          {toasts
            .filter((t) => t.tone !== "error")
            .map((t) => (
              <ToastItem key={t.id} toast={t} onDismiss={dismiss} />
            ))}
        </div>
        <div role="alert" aria-live="assertive" className="flex flex-col gap-2">
          {toasts
            .filter((t) => t.tone === "error")
            .map((t) => (
              <ToastItem key={t.id} toast={t} onDismiss={dismiss} />
            ))}
        </div>
      </section>
    </ToastContext.Provider>
  );
}

function ToastItem({ toast, onDismiss }: { toast: Toast; onDismiss: (id: number) => void }) {
  const [paused, setPaused] = useState(false);
  const look = TONE_LOOK[toast.tone];

  useEffect(() => {
    if (toast.sticky || paused) return;
    const timer = setTimeout(() => onDismiss(toast.id), FADE_MS);
    return () => clearTimeout(timer);
  }, [toast.id, toast.sticky, paused, onDismiss]);

  return (
    <div
      data-testid="toast"
      onMouseEnter={() => setPaused(true)}
      onMouseLeave={() => setPaused(false)}
      onFocus={() => setPaused(true)}
      onBlur={() => setPaused(false)}
      className={`pointer-events-auto flex items-start gap-2 rounded border p-3 text-sm shadow-lg ${look.className}`}
    >
      <span aria-hidden="true" className="mt-0.5">
        {look.icon}
      </span>
      <div className="min-w-0 flex-1">
        <p className="font-semibold">
          {toast.title}
          {toast.link && (
            <>
              {" — "}
              <Link href={toast.link.href} className="underline hover:no-underline focus-visible:outline-2 focus-visible:outline-sky-500">
                {toast.link.label}
              </Link>
            </>
          )}
        </p>
        {toast.body && <p className="mt-0.5 break-words">{toast.body}</p>}
      </div>
      <button
        type="button"
        onClick={() => onDismiss(toast.id)}
        aria-label={`Dismiss: ${toast.title}`}
        className="rounded px-1 leading-none hover:bg-black/10 focus-visible:outline-2 focus-visible:outline-sky-500 dark:hover:bg-white/10"
      >
        <span aria-hidden="true">×</span>
      </button>
    </div>
  );
}

export function useToast(): ToastApi {
  const api = useContext(ToastContext);
  if (!api) throw new Error("useToast needs a <ToastProvider> above it");
  return api;
}
