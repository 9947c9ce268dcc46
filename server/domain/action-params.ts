import { z } from "zod";

/** Inputs of the operator's requests, shared by the tRPC boundary and the worker that executes them. */

const idempotencyKey = z.string().uuid("idempotencyKey must be a UUID made by the client once per request");

export const launchParams = z.object({
  cloudId: z.number().int().positive(),
  imageId: z.string().min(1, "Choose an image").max(255),
  flavorId: z.string().min(1, "Choose a flavor").max(255),
  queue: z.string().min(1, "Name the PanDA queue").max(120).regex(/^[A-Za-z0-9_.-]+$/, "A PanDA queue name has letters, digits, _ . - only"),
  count: z.number().int().min(1, "Launch at least 1 VM").max(500, "Launch at most 500 VMs at once"),
  /** Why, when the autoscaler asks: its plan's sentence. */
  reason: z.string().trim().max(500).optional(),
});
export type LaunchParams = z.infer<typeof launchParams>;
export const launchInput = launchParams.extend({ idempotencyKey });

export const DEFAULT_DRAIN_DEADLINE_HOURS = 24;

/** The most VMs one drain or destroy takes. */
export const MAX_BULK_VMS = 2000;
const vmSelection = z.array(z.number().int().positive()).min(1, "Select at least one VM").max(MAX_BULK_VMS, "Select at most 2,000 VMs at once");

export const drainParams = z.object({
  vmIds: vmSelection,
  deadlineHours: z.number().min(0.1).max(24 * 14).default(DEFAULT_DRAIN_DEADLINE_HOURS),
  /** Why, when the autoscaler asks: its plan's sentence. */
  reason: z.string().trim().max(500).optional(),
});
export type DrainParams = z.infer<typeof drainParams>;
export const drainInput = drainParams.extend({ idempotencyKey });

export const destroyParams = z.object({ vmIds: vmSelection });
export type DestroyParams = z.infer<typeof destroyParams>;
export const destroyInput = destroyParams.extend({ idempotencyKey });

export const publishParams = z.object({
  versionId: z.number().int().positive(),
  cloudIds: z.array(z.number().int().positive()).min(1, "Choose at least one cloud").max(100),
});
export type PublishParams = z.infer<typeof publishParams>;
export const publishInput = publishParams.extend({ idempotencyKey });

export const actionRefInput = z.object({ actionId: z.number().int().positive() });
export const retryInput = actionRefInput.extend({ idempotencyKey });

const reason = z.string().trim().min(3, "Say why (at least 3 characters)").max(500);
export const pauseCloudInput = z.object({ cloudId: z.number().int().positive(), paused: z.boolean(), reason });
export const enableCloudInput = z.object({ cloudId: z.number().int().positive(), enabled: z.boolean(), reason });

/*
 * What an action stores in its `params` column, per kind: the request as the worker
 * needs it, plus what the console shows. Read back through parseStoredActionParams only.
 */
const storedVmIds = z.array(z.number().int().positive());
const skippedVms = z.array(z.object({ vmId: z.number().int(), reason: z.string() })).default([]);
/** The failed action a retry repeats. */
const retryOf = z.number().int().positive().optional();

export const storedLaunchParams = launchParams.extend({ cloudName: z.string(), imageName: z.string(), flavorName: z.string(), retryOf });
export type LaunchActionParams = z.infer<typeof storedLaunchParams>;

export const storedDrainParams = z.object({ vmIds: storedVmIds, deadlineHours: z.number().positive(), drainDeadlineAt: z.iso.datetime(), skipped: skippedVms, retryOf, reason: z.string().optional() });
export type DrainActionParams = z.infer<typeof storedDrainParams>;

/** `reason`: why, when the worker destroys on its own (a drain that ended). */
export const storedDestroyParams = z.object({ vmIds: storedVmIds, reason: z.string().optional(), skipped: skippedVms, retryOf });
export type DestroyActionParams = z.infer<typeof storedDestroyParams>;

/** A publish's items are its clouds; the version is named as it was when requested. */
export const storedPublishParams = publishParams.extend({ imageName: z.string(), version: z.string(), retryOf });
export type PublishActionParams = z.infer<typeof storedPublishParams>;

export type StoredActionParams =
  | { kind: "launch"; params: LaunchActionParams }
  | { kind: "drain"; params: DrainActionParams }
  | { kind: "destroy"; params: DestroyActionParams }
  | { kind: "publish"; params: PublishActionParams };

/** StoredActionParams as a schema, for the replies that carry it (the REST API documents them). */
export const storedActionParamsSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("launch"), params: storedLaunchParams }),
  z.object({ kind: z.literal("drain"), params: storedDrainParams }),
  z.object({ kind: z.literal("destroy"), params: storedDestroyParams }),
  z.object({ kind: z.literal("publish"), params: storedPublishParams }),
]);

/** An action's stored params, checked against its kind; the error names the field. */
export function parseStoredActionParams(kind: StoredActionParams["kind"], json: string): { ok: true; value: StoredActionParams } | { ok: false; error: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return { ok: false, error: `the stored ${kind} parameters are not JSON` };
  }
  if (kind === "launch") return checked(kind, storedLaunchParams.safeParse(raw), (params) => ({ kind, params }));
  if (kind === "drain") return checked(kind, storedDrainParams.safeParse(raw), (params) => ({ kind, params }));
  if (kind === "publish") return checked(kind, storedPublishParams.safeParse(raw), (params) => ({ kind, params }));
  return checked(kind, storedDestroyParams.safeParse(raw), (params) => ({ kind, params }));
}

function checked<T>(kind: string, parsed: z.ZodSafeParseResult<T>, wrap: (params: T) => StoredActionParams): { ok: true; value: StoredActionParams } | { ok: false; error: string } {
  if (parsed.success) return { ok: true, value: wrap(parsed.data) };
  const issue = parsed.error.issues[0];
  return { ok: false, error: `the stored ${kind} parameters are malformed at "${issue?.path.join(".") || "(root)"}": ${issue?.message ?? "invalid"}` };
}
