import { z } from "zod";

/** Keystone writes microseconds, Nova whole seconds; both in UTC. */
const timestamp = z.iso.datetime({ offset: true });

const linkSchema = z.object({ rel: z.string(), href: z.string() });

const catalogEndpointSchema = z.object({
  interface: z.string(),
  region_id: z.string().nullable().optional(),
  region: z.string().nullable().optional(),
  url: z.string(),
});

const catalogEntrySchema = z.object({
  type: z.string(),
  endpoints: z.array(catalogEndpointSchema),
});
export type CatalogEntry = z.infer<typeof catalogEntrySchema>;

/** Body of `POST /v3/auth/tokens`; the token itself travels in the X-Subject-Token header. */
export const keystoneTokenReplySchema = z.object({
  token: z.object({
    expires_at: timestamp,
    catalog: z.array(catalogEntrySchema),
  }),
});

const novaAddressSchema = z.object({ addr: z.string(), version: z.number() });

/** A server as Nova 2.47+ renders it: the flavor is embedded and carries its name, not its id. */
const novaServerSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: z.string(),
  "OS-EXT-STS:task_state": z.string().nullable().optional(),
  flavor: z.object({ original_name: z.string() }),
  // Boot-from-volume servers have "" instead of an image.
  image: z.union([z.object({ id: z.string() }), z.literal("")]),
  addresses: z.record(z.string(), z.array(novaAddressSchema)),
  metadata: z.record(z.string(), z.string()),
  created: timestamp,
  fault: z.object({ code: z.number(), message: z.string() }).optional(),
});
export type NovaServer = z.infer<typeof novaServerSchema>;

export const novaServersPageSchema = z.object({
  servers: z.array(novaServerSchema),
  servers_links: z.array(linkSchema).optional(),
});

const novaFlavorSchema = z.object({
  id: z.string(),
  name: z.string(),
  vcpus: z.number().int(),
  ram: z.number().int(),
  disk: z.number().int(),
});
export type NovaFlavor = z.infer<typeof novaFlavorSchema>;

export const novaFlavorsPageSchema = z.object({
  flavors: z.array(novaFlavorSchema),
  flavors_links: z.array(linkSchema).optional(),
});

/** Ceilings of -1 mean unlimited. */
export const novaLimitsSchema = z.object({
  limits: z.object({
    absolute: z.object({
      maxTotalInstances: z.number().int(),
      maxTotalCores: z.number().int(),
      maxTotalRAMSize: z.number().int(),
      totalInstancesUsed: z.number().int(),
      totalCoresUsed: z.number().int(),
      totalRAMUsed: z.number().int(),
    }),
  }),
});
export type NovaAbsoluteLimits = z.infer<typeof novaLimitsSchema>["limits"]["absolute"];

export const novaCreateServerReplySchema = z.object({
  server: z.object({ id: z.string() }),
});

export const novaMetadataReplySchema = z.object({
  metadata: z.record(z.string(), z.string()),
});

export interface NovaCreateServerBody {
  server: {
    name: string;
    imageRef: string;
    flavorRef: string;
    networks: "auto" | "none" | { uuid: string }[];
    user_data?: string;
    metadata: Record<string, string>;
    min_count: number;
    max_count: number;
  };
}

const glanceImageSchema = z.object({
  id: z.string(),
  name: z.string().nullable(),
  status: z.string(),
  size: z.number().int().nullable().optional(),
  os_hash_algo: z.string().nullable().optional(),
  os_hash_value: z.string().nullable().optional(),
  os_distro: z.string().nullable().optional(),
});
export type GlanceImage = z.infer<typeof glanceImageSchema>;

/** An image with its free properties (top-level string keys), as a create or show returns it. */
export const glanceImageDetailSchema = z.looseObject(glanceImageSchema.shape);
export type GlanceImageDetail = z.infer<typeof glanceImageDetailSchema>;

export const glanceImageDetailsPageSchema = z.object({
  images: z.array(glanceImageDetailSchema),
  next: z.string().optional(),
});

/** Body of `POST /v2/images`: our properties travel as extra top-level strings. */
export interface GlanceCreateImageBody {
  name: string;
  disk_format: string;
  container_format: string;
  visibility: "private" | "shared" | "community" | "public";
  [property: string]: string;
}

/** `next` is a path relative to the image endpoint, e.g. "/v2/images?marker=...". */
export const glanceImagesPageSchema = z.object({
  images: z.array(glanceImageSchema),
  next: z.string().optional(),
});

/** Nova `{"<faultName>":{code,message}}` and Keystone `{"error":{code,title,message}}` share this shape. */
export const openStackErrorBodySchema = z.record(z.string(), z.object({ message: z.string() }));
