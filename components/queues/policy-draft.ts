import { autoscalePolicy, type AutoscalePolicy, type AutoscalePolicyInput } from "@/server/domain/autoscale-policy";

/** The form's state: numbers as typed, one row per cloud the console knows, served or not. */
export interface PolicyDraft {
  enabled: boolean;
  acting: boolean;
  numbers: Record<NumberField, string>;
  clouds: Array<{ cloudId: number; name: string; serve: boolean; weight: string; image: string; flavor: string }>;
}

export const NUMBER_FIELDS = ["minVms", "maxVms", "jobsPerVm", "maxLifetimeHours", "idleMinutes", "bootTimeoutMinutes", "jobStartTimeoutMinutes"] as const;
export type NumberField = (typeof NUMBER_FIELDS)[number];

export const NUMBER_LABELS: Record<NumberField, string> = {
  minVms: "Minimum VMs",
  maxVms: "Maximum VMs",
  jobsPerVm: "Jobs per VM",
  maxLifetimeHours: "Max VM lifetime (hours)",
  idleMinutes: "Idle time before scale-down (minutes)",
  bootTimeoutMinutes: "Boot timeout (minutes)",
  jobStartTimeoutMinutes: "Job-start timeout (minutes)",
};

export interface Offer {
  cloudId: number;
  name: string;
  images: readonly string[];
  flavors: readonly string[];
}

/** A draft from the policy in force, or the defaults (dry-run) for a queue without one. */
export function createPolicyDraft(policy: AutoscalePolicy | null, offers: readonly Offer[]): PolicyDraft {
  const defaults = autoscalePolicy.parse({ clouds: [{ cloudId: 1, weight: 1, image: "-", flavor: "-" }] });
  const base = policy ?? defaults;
  return {
    enabled: base.enabled,
    acting: policy?.acting ?? false,
    numbers: Object.fromEntries(NUMBER_FIELDS.map((f) => [f, String(base[f])])) as Record<NumberField, string>,
    clouds: offers.map((o) => {
      const chosen = policy?.clouds.find((c) => c.cloudId === o.cloudId);
      return { cloudId: o.cloudId, name: o.name, serve: Boolean(chosen), weight: String(chosen?.weight ?? 1), image: chosen?.image ?? o.images[0] ?? "", flavor: chosen?.flavor ?? o.flavors[0] ?? "" };
    }),
  };
}

/** The policy a draft describes, or the messages per field ("minVms", "clouds.LxCloud.weight") to show beside them. */
export function checkPolicyDraft(draft: PolicyDraft): { policy: AutoscalePolicyInput; errors: null } | { policy: null; errors: Record<string, string> } {
  const served = draft.clouds.filter((c) => c.serve);
  const input = {
    enabled: draft.enabled,
    acting: draft.acting,
    ...Object.fromEntries(NUMBER_FIELDS.map((f) => [f, draft.numbers[f].trim() === "" ? Number.NaN : Number(draft.numbers[f])])),
    clouds: served.map((c) => ({ cloudId: c.cloudId, weight: c.weight.trim() === "" ? Number.NaN : Number(c.weight), image: c.image, flavor: c.flavor })),
  };
  const result = autoscalePolicy.safeParse(input);
  if (result.success) return { policy: input as AutoscalePolicyInput, errors: null };
  const errors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const [head, index, field] = issue.path;
    // Cloud rows are keyed by id in the form: the draft lists every cloud, the policy only those served.
    const key = head === "clouds" && typeof index === "number" ? `clouds.${served[index]?.cloudId ?? "none"}${field ? `.${String(field)}` : ""}` : String(head ?? "policy");
    errors[key] ??= issue.message;
  }
  return { policy: null, errors };
}
