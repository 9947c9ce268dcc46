import { describeProgress } from "./actions-query";

/** Succeeded (green) and failed (red, hatched) shares of the total, with the numbers in words beside it. */
export function ActionProgress({ total, succeeded, failed, wide = false }: { total: number; succeeded: number; failed: number; wide?: boolean }) {
  const text = describeProgress({ total, succeeded, failed });
  const ok = total === 0 ? 0 : (succeeded / total) * 100;
  const bad = total === 0 ? 0 : (failed / total) * 100;
  return (
    <div className={`flex items-center gap-2 ${wide ? "w-full" : "w-56"}`}>
      <div
        role="progressbar"
        aria-label="Progress"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={succeeded + failed}
        aria-valuetext={text}
        className="relative h-2 min-w-16 flex-1 overflow-hidden rounded bg-zinc-200 dark:bg-zinc-800"
      >
        <div className="absolute inset-y-0 left-0 bg-emerald-500" style={{ width: `${ok}%` }} />
        <div
          className="absolute inset-y-0 bg-red-600 bg-[repeating-linear-gradient(45deg,transparent_0_3px,rgba(255,255,255,.35)_3px_6px)]"
          style={{ left: `${ok}%`, width: `${bad}%` }}
        />
      </div>
      <span className="text-xs whitespace-nowrap tabular-nums" aria-hidden="true">
        <span className="text-emerald-700 dark:text-emerald-400">✔ {succeeded}</span>
        {failed > 0 && <span className="ml-1 text-red-700 dark:text-red-400">✖ {failed}</span>}
        <span className="text-zinc-500"> / {total}</span>
      </span>
    </div>
  );
}
