import type { VmState } from "./vocabulary";

/** A VM with a drain requested and no destroy yet. */
export interface DrainingVm {
  id: number;
  name: string;
  state: VmState;
  drainRequestedAt: Date;
  drainDeadlineAt: Date | null;
}

export type DrainEndReason = "finished" | "deadline";

export interface DrainEnding {
  vmId: number;
  reason: DrainEndReason;
  /** For the VM's last error and the audit log. */
  explanation: string;
}

/**
 * Which drained VMs the worker destroys now: those that finished their job and powered off
 * (the provider shows them stopped, which we map to terminated, or failed), and those whose
 * drain deadline has passed, job or not. Lost VMs are gone already.
 */
export function planDrainEndings(vms: readonly DrainingVm[], now: Date): DrainEnding[] {
  const endings: DrainEnding[] = [];
  for (const vm of vms) {
    if (vm.state === "lost") continue;
    if (vm.state === "terminated" || vm.state === "error") {
      endings.push({ vmId: vm.id, reason: "finished", explanation: `Drained: finished its work (${vm.state === "error" ? "in error" : "powered off"}); destroyed by the worker` });
    } else if (vm.drainDeadlineAt && vm.drainDeadlineAt.getTime() <= now.getTime()) {
      endings.push({
        vmId: vm.id,
        reason: "deadline",
        explanation: `Drain deadline ${vm.drainDeadlineAt.toISOString()} passed while ${vm.state}; destroyed by the worker`,
      });
    }
  }
  return endings;
}
