import { sqliteTable, text, integer, index, uniqueIndex } from "drizzle-orm/sqlite-core";
import { IMAGE_CHANNELS, IMAGE_CONTEXT_METHODS, IMAGE_VERSION_STATES } from "../server/domain/vocabulary";

const timestamp = (name: string) => integer(name, { mode: "timestamp_ms" });

/** An image of the catalogue: ours, or one a trusted endorser's list brought in (external). */
export const image = sqliteTable("image", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull().unique(),
  description: text("description").notNull().default(""),
  /** Set for images imported from another endorser's list: that endorser's DN. */
  externalEndorserDn: text("external_endorser_dn"),
  createdAt: timestamp("created_at").notNull(),
});

export const imageVersion = sqliteTable(
  "image_version",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    imageId: integer("image_id").notNull().references(() => image.id, { onDelete: "cascade" }),
    version: text("version").notNull(),
    /** The version's UUID: `dc:identifier` on the image lists. */
    identifier: text("identifier").notNull().unique(),
    state: text("state", { enum: IMAGE_VERSION_STATES }).notNull(),
    os: text("os").notNull(),
    osVersion: text("os_version").notNull(),
    arch: text("arch").notNull(),
    hypervisor: text("hypervisor").notNull(),
    diskFormat: text("disk_format").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    sha512: text("sha512").notNull(),
    sha256: text("sha256"),
    sourceUri: text("source_uri"),
    contextMethod: text("context_method", { enum: IMAGE_CONTEXT_METHODS }).notNull(),
    minCores: integer("min_cores").notNull().default(1),
    minRamMb: integer("min_ram_mb").notNull().default(0),
    releaseNotes: text("release_notes").notNull().default(""),
    /** Name of the file in the image directory (null for external versions). */
    fileName: text("file_name"),
    submittedById: text("submitted_by_id"),
    submittedByName: text("submitted_by_name").notNull(),
    submittedAt: timestamp("submitted_at").notNull(),
    decidedByName: text("decided_by_name"),
    decidedAt: timestamp("decided_at"),
    decisionReason: text("decision_reason"),
    channel: text("channel", { enum: IMAGE_CHANNELS }),
    endorsedAt: timestamp("endorsed_at"),
    revokedByName: text("revoked_by_name"),
    revokedAt: timestamp("revoked_at"),
    revokeReason: text("revoke_reason"),
    /** The version's own `dc:date:expires` (external versions carry their list's). */
    expiresAt: timestamp("expires_at"),
    /** External versions: the endorser who vouched for them and the list they came from. */
    endorserDn: text("endorser_dn"),
    sourceListId: text("source_list_id"),
  },
  (t) => [uniqueIndex("image_version_idx").on(t.imageId, t.version), index("image_version_state_idx").on(t.state), index("image_version_channel_idx").on(t.channel, t.state)],
);

/** The experiment's endorser: certificate, sealed key (or a key path), and the CA that anchors it. */
export const endorser = sqliteTable("endorser", {
  id: integer("id").primaryKey(),
  certPem: text("cert_pem").notNull(),
  /** AES-256-GCM sealed PEM key (server/secrets.ts); null when the key is read from keyPath. */
  keyEnc: text("key_enc"),
  keyPath: text("key_path"),
  caPem: text("ca_pem").notNull(),
  subjectDn: text("subject_dn").notNull(),
  issuerDn: text("issuer_dn").notNull(),
  email: text("email").notNull().default(""),
  notAfter: timestamp("not_after").notNull(),
  installedByName: text("installed_by_name").notNull(),
  installedAt: timestamp("installed_at").notNull(),
});

/** The signed bytes served for each channel: a restart serves the same signature. */
export const imageList = sqliteTable("image_list", {
  channel: text("channel", { enum: IMAGE_CHANNELS }).primaryKey(),
  /** `hv:version`: increases with every re-issue. */
  version: integer("version").notNull(),
  identifier: text("identifier").notNull(),
  body: text("body").notNull(),
  etag: text("etag").notNull(),
  issuedAt: timestamp("issued_at").notNull(),
  expiresAt: timestamp("expires_at").notNull(),
  imageCount: integer("image_count").notNull(),
});

/** Another endorser whose lists we accept: the CA certificate(s) and the DN allowed to sign. */
export const trustedEndorser = sqliteTable("trusted_endorser", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull().unique(),
  caPem: text("ca_pem").notNull(),
  allowedDn: text("allowed_dn").notNull(),
  createdByName: text("created_by_name").notNull(),
  createdAt: timestamp("created_at").notNull(),
});

/** The last list accepted per `dc:identifier`: a later import must not carry a lower `hv:version`. */
export const importedList = sqliteTable("imported_list", {
  identifier: text("identifier").primaryKey(),
  title: text("title").notNull(),
  version: text("version").notNull(),
  endorserDn: text("endorser_dn").notNull(),
  expiresAt: timestamp("expires_at").notNull(),
  importedByName: text("imported_by_name").notNull(),
  importedAt: timestamp("imported_at").notNull(),
});
