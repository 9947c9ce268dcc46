import { sqliteTable, text, integer, index, primaryKey } from "drizzle-orm/sqlite-core";
import { DEPLOYMENT_STATUSES } from "../server/domain/vocabulary";
import { imageVersion } from "./image-schema";

const timestamp = (name: string) => integer(name, { mode: "timestamp_ms" });

/** One catalogue version's copy on one cloud: what the last publish made of it, in the provider's terms. */
export const imageDeployment = sqliteTable(
  "image_deployment",
  {
    versionId: integer("version_id")
      .notNull()
      .references(() => imageVersion.id, { onDelete: "cascade" }),
    cloudId: integer("cloud_id").notNull(),
    status: text("status", { enum: DEPLOYMENT_STATUSES }).notNull(),
    /** The provider's id of the image, once it created one. */
    providerImageId: text("provider_image_id"),
    /** The provider's words: why it failed, or which checksums differ. */
    message: text("message"),
    /** The checksum the cloud reports for its copy, as `algo:value`. */
    checksumSeen: text("checksum_seen"),
    verifiedAt: timestamp("verified_at"),
    /** The publish action that last worked on this copy. */
    actionId: integer("action_id"),
    updatedAt: timestamp("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.versionId, t.cloudId] }), index("image_deployment_cloud_idx").on(t.cloudId, t.providerImageId)],
);
