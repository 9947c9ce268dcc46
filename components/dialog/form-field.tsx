"use client";

import { useId, type ReactElement, type ReactNode } from "react";

export interface FieldControlProps {
  id: string;
  "aria-invalid": boolean;
  "aria-describedby": string | undefined;
}

/**
 * A labelled control with an optional hint and an error that screen readers hear with it:
 * `children` renders the control with the ids and aria attributes it is given.
 */
export function FormField({
  label,
  hint,
  error,
  children,
}: {
  label: string;
  hint?: ReactNode;
  error?: string;
  children: (props: FieldControlProps) => ReactElement;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="flex flex-col gap-0.5 text-sm">
      <label htmlFor={id} className="font-medium">
        {label}
      </label>
      {children({ id, "aria-invalid": Boolean(error), "aria-describedby": describedBy })}
      {hint && (
        <p id={hintId} className="text-xs text-zinc-600 dark:text-zinc-400">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="text-xs font-medium text-red-700 dark:text-red-400">
          <span aria-hidden="true">✖ </span>
          {error}
        </p>
      )}
    </div>
  );
}

/** A failed request, in words; tRPC has already reduced it to a safe message. */
export function RequestError({ error }: { error: { message: string } | null }) {
  if (!error) return null;
  return (
    <div role="alert" className="rounded border border-red-300 bg-red-50 p-2 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-200">
      <span aria-hidden="true">✖ </span>
      {error.message}
    </div>
  );
}

/** Why something cannot be done now (paused cloud, ...). */
export function Notice({ tone = "warn", children }: { tone?: "warn" | "info"; children: ReactNode }) {
  const look =
    tone === "warn"
      ? "border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-800 dark:bg-amber-950/60 dark:text-amber-100"
      : "border-sky-300 bg-sky-50 text-sky-950 dark:border-sky-800 dark:bg-sky-950/60 dark:text-sky-100";
  return (
    <div className={`rounded border p-2 text-sm ${look}`}>
      <span aria-hidden="true">{tone === "warn" ? "▲ " : "ℹ "}</span>
      {children}
    </div>
  );
}
