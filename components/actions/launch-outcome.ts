import type { ActionKind, ActionStatus } from "@/server/domain/vocabulary";

interface OutcomeItem {
  seq: number;
  status: ActionStatus;
  vmName: string | null;
  vmId: number | null;
  providerId: string | null;
  error: string | null;
}

/** "cern-prod-cloud-cs-12-0: No valid host was found. (ERROR)": each failed VM in the provider's words, the first `limit` of them. */
export function listFailedVms(items: readonly OutcomeItem[], limit: number): { lines: string[]; more: number } {
  const failed = items.filter((i) => i.status === "failed");
  const lines = failed.slice(0, limit).map((i) => `${i.vmName ?? i.providerId ?? `VM ${i.seq + 1}`}: ${i.error ?? "no reason recorded"}`);
  return { lines, more: failed.length - lines.length };
}

/** A launch's VMs the cloud accepted that have not run yet: its item waits for the boot. */
export function countAwaitingBoot(kind: ActionKind, items: readonly OutcomeItem[]): number {
  return kind === "launch" ? items.filter((i) => i.status === "running" && i.vmId !== null).length : 0;
}

/** "2 of 3 VMs running" for a launch (its items succeed when their VMs run), "2 of 3 VMs done" otherwise. */
export function describeOutcomeCount(kind: ActionKind, succeeded: number, total: number): string {
  return `${succeeded} of ${total} ${total === 1 ? "VM" : "VMs"} ${kind === "launch" ? "running" : "done"}`;
}
