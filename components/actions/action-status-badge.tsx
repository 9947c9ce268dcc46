import type { ActionStatus } from "@/server/domain/vocabulary";
import { ACTION_STATUS_LOOK } from "./action-statuses";

/** Icon and word, never colour alone. */
export function ActionStatusBadge({ status }: { status: ActionStatus }) {
  const look = ACTION_STATUS_LOOK[status];
  return (
    <span data-testid="action-status" className={`inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-xs font-semibold ring-1 ring-inset ${look.badge}`}>
      <span aria-hidden="true" className={status === "running" ? "inline-block animate-spin [animation-duration:2s]" : undefined}>
        {look.icon}
      </span>
      {look.label}
    </span>
  );
}
