import type { VmState } from "@/server/domain/vocabulary";
import { VM_STATE_LOOK } from "./vm-states";

export function VmStateBadge({ state, rawState }: { state: VmState; rawState?: string }) {
  const look = VM_STATE_LOOK[state];
  return (
    <span
      title={rawState === undefined ? undefined : `provider state: ${rawState}`}
      className={`inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-xs font-medium ${look.badge}`}
    >
      <span aria-hidden="true">{look.icon}</span>
      {state}
    </span>
  );
}
