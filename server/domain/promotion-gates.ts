import type { DeploymentStatus, ImageChannel, ImageVersionState } from "./vocabulary";

export const PROMOTION_GATES = ["approved", "endorsed", "checksums", "test_boot"] as const;
export type PromotionGateName = (typeof PROMOTION_GATES)[number];

/** What promoting a version from testing to production depends on. */
export interface PromotionFacts {
  label: string;
  state: ImageVersionState;
  channel: ImageChannel | null;
  /** Its copies on the clouds; only those still present count. */
  copies: ReadonlyArray<{ cloudName: string; status: DeploymentStatus; verified: boolean }>;
  /** VMs of this version that reached running, on any cloud. */
  bootedVms: number;
}

export interface PromotionGate {
  gate: PromotionGateName;
  label: string;
  passed: boolean;
  detail: string;
}

const APPROVED: ReadonlySet<ImageVersionState> = new Set(["approved", "endorsed"]);

/** Each gate and whether it is passed, with the reason a person can read; all must pass before production. */
export function evaluatePromotionGates(f: PromotionFacts): PromotionGate[] {
  const present = f.copies.filter((c) => c.status === "present" || c.status === "modified");
  const unverified = present.filter((c) => !c.verified);
  return [
    { gate: "approved", label: "Approved", passed: APPROVED.has(f.state), detail: APPROVED.has(f.state) ? "approved by a second person" : `the version is ${f.state}` },
    {
      gate: "endorsed",
      label: "Endorsed into testing",
      passed: f.state === "endorsed",
      detail: f.state === "endorsed" ? `on the ${f.channel ?? "testing"} list` : "not on the testing list yet",
    },
    {
      gate: "checksums",
      label: "Checksum verified on every cloud it is published to",
      passed: present.length > 0 && unverified.length === 0,
      detail:
        present.length === 0
          ? "published to no cloud yet"
          : unverified.length === 0
            ? `verified on ${present.map((c) => c.cloudName).join(", ")}`
            : `not verified on ${unverified.map((c) => `${c.cloudName}${c.status === "modified" ? " (modified)" : ""}`).join(", ")}`,
    },
    {
      gate: "test_boot",
      label: "Test boot",
      passed: f.bootedVms > 0,
      detail: f.bootedVms > 0 ? `${f.bootedVms} VM${f.bootedVms === 1 ? "" : "s"} of this version reached running` : "no VM of this version has reached running yet",
    },
  ];
}

/** Why the promotion is refused, naming every open gate; null when all are passed. */
export function findPromotionRefusal(label: string, gates: readonly PromotionGate[]): string | null {
  const open = gates.filter((g) => !g.passed);
  if (open.length === 0) return null;
  return `${label} cannot go to production: open gate${open.length === 1 ? "" : "s"}: ${open.map((g) => `${g.label} (${g.detail})`).join("; ")}`;
}
