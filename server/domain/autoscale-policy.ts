import { z } from "zod";

/**
 * A queue's autoscaling policy, stored as versioned JSON (autoscale_policy_version). Every
 * refusal names the field, so the form can put the message beside it. New policies are
 * dry-run: the plan is shown, nothing is launched or drained until `acting` is switched on.
 */
export const policyCloud = z.object({
  cloudId: z.number({ message: "Pick a cloud" }).int().positive(),
  weight: z.number({ message: "Give a weight (0 or more)" }).min(0, "A weight cannot be below zero"),
  /** The cloud's own image reference (the catalogue's production version once images are published there). */
  image: z.string().trim().min(1, "Pick the image VMs boot from on this cloud"),
  flavor: z.string().trim().min(1, "Pick the flavor VMs get on this cloud"),
});

export const autoscalePolicy = z
  .object({
    enabled: z.boolean().default(true),
    acting: z.boolean().default(false),
    minVms: z.number().int("Minimum VMs must be a whole number").min(0, "Minimum VMs cannot be negative").default(0),
    maxVms: z.number().int("Maximum VMs must be a whole number").min(0, "Maximum VMs cannot be negative").max(100_000).default(50),
    jobsPerVm: z.number().int("Jobs per VM must be a whole number").min(1, "Jobs per VM must be at least 1: a VM runs at least one job").max(1024).default(8),
    clouds: z.array(policyCloud).min(1, "Choose at least one cloud that may serve the queue"),
    maxLifetimeHours: z.number().positive("Max VM lifetime must be above zero").max(24 * 365).default(48),
    idleMinutes: z.number().int().min(0, "Idle time cannot be negative").max(24 * 60).default(20),
    bootTimeoutMinutes: z.number().int().min(1, "Boot timeout must be at least a minute").max(24 * 60).default(120),
    jobStartTimeoutMinutes: z.number().int().min(1, "Job-start timeout must be at least a minute").max(24 * 60).default(30),
    /** Back off a cloud when this many of its last five boots failed. */
    backoffFailures: z.number().int().min(1, "Back off after at least one failed boot").max(5, "Back-off counts the last five boots: at most 5").default(3),
    backoffMinutes: z.number().int().min(1, "Back-off must last at least a minute").max(24 * 60).default(10),
    /** Freeze a cloud after this many failed boots in a row: an operator looks before it is tried again. */
    freezeAfterFailures: z.number().int().min(1).max(1000).default(8),
  })
  .superRefine((p, ctx) => {
    if (p.minVms > p.maxVms) ctx.addIssue({ code: "custom", path: ["minVms"], message: `Minimum VMs (${p.minVms}) is above maximum VMs (${p.maxVms})` });
    const seen = new Set<number>();
    p.clouds.forEach((c, i) => {
      if (seen.has(c.cloudId)) ctx.addIssue({ code: "custom", path: ["clouds", i, "cloudId"], message: "This cloud is listed twice" });
      seen.add(c.cloudId);
    });
    if (p.clouds.length > 0 && p.clouds.every((c) => c.weight === 0)) ctx.addIssue({ code: "custom", path: ["clouds", 0, "weight"], message: "At least one cloud needs a weight above zero" });
  });

export type AutoscalePolicy = z.output<typeof autoscalePolicy>;
export type AutoscalePolicyInput = z.input<typeof autoscalePolicy>;

/** What each cloud offers, to refuse a policy naming an image or flavor the cloud does not have. */
export interface CloudOffer {
  cloudId: number;
  name: string;
  images: readonly string[];
  flavors: readonly string[];
}

export interface PolicyProblem {
  path: (string | number)[];
  message: string;
}

/** The policy's clouds checked against what the clouds serve; the first problem per field. */
export function findPolicyCloudProblems(policy: AutoscalePolicy, offers: readonly CloudOffer[]): PolicyProblem[] {
  const byId = new Map(offers.map((o) => [o.cloudId, o]));
  const problems: PolicyProblem[] = [];
  policy.clouds.forEach((c, i) => {
    const offer = byId.get(c.cloudId);
    if (!offer) return problems.push({ path: ["clouds", i, "cloudId"], message: `No cloud with id ${c.cloudId}` });
    if (!offer.images.includes(c.image)) problems.push({ path: ["clouds", i, "image"], message: `${offer.name} does not serve the image "${c.image}"` });
    if (!offer.flavors.includes(c.flavor)) problems.push({ path: ["clouds", i, "flavor"], message: `${offer.name} has no flavor "${c.flavor}"` });
  });
  return problems;
}
