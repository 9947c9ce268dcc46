import { z } from "zod";

/** Every list: `{meta:{limit,offset,total_count}, objects:[...]}`. */
export function listOf<S extends z.ZodType>(item: S) {
  return z.object({
    meta: z.object({ limit: z.number().int(), offset: z.number().int(), total_count: z.number().int() }),
    objects: z.array(item),
  });
}

/** Meta values should be strings; anything else is not ours and is left out. */
const metaSchema = z.record(z.string(), z.unknown()).transform((meta) => {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(meta)) if (typeof value === "string") out[key] = value;
  return out;
});

const runtimeNicSchema = z.object({
  ip_v4: z.object({ uuid: z.string() }).nullable().optional(),
});

export const serverSchema = z.object({
  uuid: z.string(),
  name: z.string(),
  status: z.string(),
  /** MHz. */
  cpu: z.number(),
  /** Bytes. */
  mem: z.number(),
  smp: z.number().int().optional(),
  meta: metaSchema.default({}),
  /** Present while the server runs, null when stopped. */
  runtime: z
    .object({
      active_since: z.string().nullable().optional(),
      nics: z.array(runtimeNicSchema).default([]),
    })
    .nullable()
    .default(null),
});
export type CsServer = z.infer<typeof serverSchema>;

/** The short listing (/servers/) carries status but not the definition. */
export const serverSummarySchema = z.object({ uuid: z.string(), status: z.string() });

export const driveSchema = z.object({
  uuid: z.string(),
  name: z.string(),
  status: z.string(),
  /** Bytes. */
  size: z.number(),
  media: z.string().optional(),
  os: z.string().nullable().optional(),
});
export type CsDrive = z.infer<typeof driveSchema>;

/** A library drive with its meta: how a resumed publish finds the copy it made. */
export const publishedDriveSchema = driveSchema.extend({ meta: metaSchema.default({}) });

/** The upload's reply: the new drive's uuid, as plain text. */
export const uploadReplySchema = z
  .string()
  .transform((text) => text.trim().replace(/^"|"$/g, ""))
  .pipe(z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, "not a drive uuid"));

/** A create or clone reply: the new objects, at least one. */
export const createdSchema = z.object({ objects: z.tuple([z.object({ uuid: z.string() })], z.unknown()) });

/** A server as GET returns it, kept whole: PUT replaces the definition, so it goes back entire. */
export const editableServerSchema = z.looseObject({ meta: metaSchema.default({}) });

const usageFigure = z.object({ burst: z.number(), subscribed: z.number(), using: z.number() });

export const currentUsageSchema = z.object({
  usage: z.object({ cpu: usageFigure, mem: usageFigure }),
});
export type CsCurrentUsage = z.infer<typeof currentUsageSchema>;

export const errorBodySchema = z.array(
  z.object({ error_type: z.string(), error_point: z.string().nullable().optional(), error_message: z.string() }),
);
