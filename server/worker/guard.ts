export type ReportError = (what: string, err: unknown) => void;

export const reportToConsole: ReportError = (what, err) => console.error(`[worker] ${what} failed:`, err);

/**
 * Wraps a timer body so that neither a throw nor a rejected promise escapes it: one
 * failing pass is logged and the next one runs, instead of the exception ending the worker.
 */
export function guard(what: string, body: () => unknown, report: ReportError = reportToConsole): () => void {
  return () => {
    try {
      const result = body();
      // Any thenable (a drizzle query is one, and runs only once awaited), not just a Promise.
      if (isThenable(result)) Promise.resolve(result).catch((err: unknown) => report(what, err));
    } catch (err) {
      report(what, err);
    }
  };
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === "function";
}
