"use client";

/** A failed read, in words, with a way to try again; the server never sends stack traces. */
export function QueryError({ what, error, onRetry }: { what: string; error: { message: string }; onRetry?: () => void }) {
  return (
    <div role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-200">
      <p className="font-semibold">Could not load {what}.</p>
      <p className="mt-1">{error.message}</p>
      {onRetry && (
        <button
          type="button"
          onClick={onRetry}
          className="mt-2 rounded border border-red-400 px-2 py-0.5 text-xs font-medium hover:bg-red-100 dark:hover:bg-red-900"
        >
          Try again
        </button>
      )}
    </div>
  );
}
