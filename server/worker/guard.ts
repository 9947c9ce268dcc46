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
      if (result instanceof Promise) result.catch((err: unknown) => report(what, err));
    } catch (err) {
      report(what, err);
    }
  };
}
