import { Ban, Pause } from "lucide-react";

/**
 * "Paused: kernel update" / "Disabled: decommissioning": what an operator did to the cloud,
 * and why. Left out when the status line beside it already says it ("Disabled by …: reason").
 */
export function OperatorReason({ cloud }: { cloud: { enabled: boolean; paused: boolean; operatorReason: string | null; statusReason: string | null } }) {
  if (cloud.enabled && !cloud.paused) return null;
  if (!cloud.enabled && !cloud.paused && cloud.operatorReason && cloud.statusReason?.includes(cloud.operatorReason)) return null;
  const label = !cloud.enabled ? "Disabled" : "Paused";
  return (
    <p
      data-testid="operator-reason"
      className="mt-1 inline-flex items-start gap-1 rounded bg-zinc-100 px-1.5 py-0.5 text-xs text-zinc-800 ring-1 ring-zinc-400/40 ring-inset dark:bg-zinc-800 dark:text-zinc-200"
    >
      {!cloud.enabled ? <Ban aria-hidden="true" className="mt-px size-3.5 shrink-0" /> : <Pause aria-hidden="true" className="mt-px size-3.5 shrink-0" />}
      <span>
        <strong>{label}</strong>
        {!cloud.enabled && cloud.paused && " (and paused)"}: {cloud.operatorReason ?? "no reason recorded"}
      </span>
    </p>
  );
}
