/** The launch dialog's fields as typed, and the messages a person reads before anything is sent. */
export interface LaunchForm {
  imageId: string;
  flavorId: string;
  queue: string;
  /** As typed, so "", "3.5" or "abc" can be explained rather than silently coerced. */
  count: string;
}

export type LaunchFormErrors = Partial<Record<keyof LaunchForm, string>>;

export const MAX_LAUNCH_COUNT = 500;
const QUEUE_RE = /^[A-Za-z0-9_.-]+$/;

/** Mirrors the server's zod rules (server/domain/action-params.ts), which stay the authority. */
export function validateLaunchForm(form: LaunchForm): LaunchFormErrors {
  const errors: LaunchFormErrors = {};
  if (!form.imageId) errors.imageId = "Choose an image";
  if (!form.flavorId) errors.flavorId = "Choose a flavor";
  const queue = form.queue.trim();
  if (!queue) errors.queue = "Name the PanDA queue";
  else if (queue.length > 120) errors.queue = "A PanDA queue name has at most 120 characters";
  else if (!QUEUE_RE.test(queue)) errors.queue = "A PanDA queue name has letters, digits, _ . - only";
  const count = form.count.trim();
  if (!count) errors.count = "Say how many VMs (1 to 500)";
  else if (!/^\d+$/.test(count)) errors.count = "A whole number of VMs, 1 to 500";
  else if (Number(count) < 1) errors.count = "Launch at least 1 VM";
  else if (Number(count) > MAX_LAUNCH_COUNT) errors.count = `Launch at most ${MAX_LAUNCH_COUNT} VMs at once`;
  return errors;
}

/** The count when it is valid, else NaN. */
export function parseCount(text: string): number {
  const t = text.trim();
  return /^\d+$/.test(t) ? Number(t) : Number.NaN;
}

/** The request fields that make a launch this launch: a change means a new idempotency key. */
export function launchFingerprint(cloudId: number, form: LaunchForm): string {
  return JSON.stringify([cloudId, form.imageId, form.flavorId, form.queue.trim(), parseCount(form.count)]);
}

export interface LaunchableCloud {
  name: string;
  enabled: boolean;
  paused: boolean;
  operatorReason: string | null;
  status: string;
  statusReason: string | null;
}

/** Why this cloud takes no launches now (the server refuses them too), or null when it does. */
export function describeLaunchBlock(cloud: LaunchableCloud): string | null {
  const because = cloud.operatorReason ? `: ${cloud.operatorReason}` : "";
  if (!cloud.enabled) return `${cloud.name} is disabled${because}. It takes no launches until an operator enables it.`;
  if (cloud.paused) return `${cloud.name} is paused${because}. It takes no launches until an operator resumes it.`;
  if (cloud.status === "down") return `${cloud.name} is down${cloud.statusReason ? ` (${cloud.statusReason})` : ""}: a launch would fail. Try again once it answers.`;
  return null;
}
