import { sqliteTable, text, integer, real, index, uniqueIndex, primaryKey } from "drizzle-orm/sqlite-core";
import { CLOUD_KINDS, CLOUD_STATUSES, CONTEXT_METHODS, POLL_RESOURCES, QUOTA_RESOURCES, VM_IMAGE_CLASSES, VM_STATES } from "../server/domain/vocabulary";


const timestamp = (name: string) => integer(name, { mode: "timestamp_ms" });

export const cloud = sqliteTable("cloud", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull().unique(),
  kind: text("kind", { enum: CLOUD_KINDS }).notNull(),
  endpoint: text("endpoint").notNull(),
  region: text("region"),
  /** AES-256-GCM sealed JSON; never leaves the server. */
  credentialsEnc: text("credentials_enc").notNull(),
  enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
  contextMethod: text("context_method", { enum: CONTEXT_METHODS }).notNull().default("cloud-init"),
  costPerCoreHour: real("cost_per_core_hour").notNull().default(0),
  pollVmsSec: integer("poll_vms_sec").notNull().default(60),
  pollLimitsSec: integer("poll_limits_sec").notNull().default(30),
  pollImagesSec: integer("poll_images_sec").notNull().default(300),
  timeoutMs: integer("timeout_ms").notNull().default(10_000),
  /** Paused: polled, but no new launches. */
  paused: integer("paused", { mode: "boolean" }).notNull().default(false),
  /** Why an operator paused or disabled the cloud, shown on its card. */
  operatorReason: text("operator_reason"),
  status: text("status", { enum: CLOUD_STATUSES }).notNull().default("unknown"),
  statusReason: text("status_reason"),
  statusSince: timestamp("status_since"),
  demo: integer("demo", { mode: "boolean" }).notNull().default(false),
  createdAt: timestamp("created_at").notNull(),
});

export const flavor = sqliteTable(
  "flavor",
  {
    cloudId: integer("cloud_id").notNull().references(() => cloud.id, { onDelete: "cascade" }),
    providerId: text("provider_id").notNull(),
    name: text("name").notNull(),
    vcpus: integer("vcpus").notNull(),
    ramMb: integer("ram_mb").notNull(),
    diskGb: integer("disk_gb").notNull(),
    seenAt: timestamp("seen_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.cloudId, t.providerId] })],
);

export const cloudImage = sqliteTable(
  "cloud_image",
  {
    cloudId: integer("cloud_id").notNull().references(() => cloud.id, { onDelete: "cascade" }),
    providerId: text("provider_id").notNull(),
    name: text("name").notNull(),
    status: text("status").notNull(),
    sizeBytes: integer("size_bytes"),
    checksum: text("checksum"),
    os: text("os"),
    seenAt: timestamp("seen_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.cloudId, t.providerId] })],
);

export const quota = sqliteTable(
  "quota",
  {
    cloudId: integer("cloud_id").notNull().references(() => cloud.id, { onDelete: "cascade" }),
    resource: text("resource", { enum: QUOTA_RESOURCES }).notNull(),
    used: integer("used").notNull(),
    /** null: unlimited */
    limit: integer("limit"),
    seenAt: timestamp("seen_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.cloudId, t.resource] })],
);

/** A VM's columns, shared by `vm` and `vm_archive` so an archived row keeps everything. */
const vmColumns = {
  id: integer("id").primaryKey({ autoIncrement: true }),
  cloudId: integer("cloud_id").notNull().references(() => cloud.id, { onDelete: "cascade" }),
  providerId: text("provider_id").notNull(),
  name: text("name").notNull(),
  queue: text("queue"),
  imageRef: text("image_ref"),
  flavorRef: text("flavor_ref"),
  ip: text("ip"),
  state: text("state", { enum: VM_STATES }).notNull(),
  rawState: text("raw_state").notNull(),
  requestedAt: timestamp("requested_at"),
  createdAt: timestamp("created_at"),
  runningAt: timestamp("running_at"),
  drainRequestedAt: timestamp("drain_requested_at"),
  /** A drain not finished by then ends in a destroy. */
  drainDeadlineAt: timestamp("drain_deadline_at"),
  destroyRequestedAt: timestamp("destroy_requested_at"),
  terminatedAt: timestamp("terminated_at"),
  lastSeenAt: timestamp("last_seen_at").notNull(),
  stateChangedAt: timestamp("state_changed_at").notNull(),
  /** Set while the cloud cannot be polled: this row is the last known state. */
  stale: integer("stale", { mode: "boolean" }).notNull().default(false),
  lastError: text("last_error"),
  launchActionId: integer("launch_action_id"),
  /** What the VM runs, as the collector last classified its image against the catalogue (null: not yet). */
  imageClass: text("image_class", { enum: VM_IMAGE_CLASSES }),
  /** The catalogue version the image matched. */
  imageVersionId: integer("image_version_id"),
  /** Set when the site's copy differs from the catalogue's bytes, naming both hashes. */
  imageModified: text("image_modified"),
};

export const vm = sqliteTable(
  "vm",
  vmColumns,
  (t) => [
    uniqueIndex("vm_cloud_provider_idx").on(t.cloudId, t.providerId),
    // The overview's per-cloud count of VMs on revoked or unknown images reads this index alone.
    index("vm_image_class_idx").on(t.imageClass, t.cloudId, t.state),
    // The deployment matrix's VMs per version and cloud.
    index("vm_image_version_idx").on(t.imageVersionId, t.cloudId, t.state),
    // stale is in the index so the overview's tally by cloud and state reads the index alone.
    index("vm_cloud_state_idx").on(t.cloudId, t.state, t.stale),
    // The VM list filtered by state and sorted by name (its default) walks this in order.
    index("vm_state_name_idx").on(t.state, t.name),
    index("vm_queue_idx").on(t.queue),
    index("vm_name_idx").on(t.name),
    index("vm_changed_idx").on(t.stateChangedAt),
  ],
);

const vmEventColumns = {
  cloudId: integer("cloud_id").notNull(),
  at: timestamp("at").notNull(),
  fromState: text("from_state", { enum: VM_STATES }),
  toState: text("to_state", { enum: VM_STATES }).notNull(),
  rawState: text("raw_state").notNull(),
};

export const vmEvent = sqliteTable(
  "vm_event",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    vmId: integer("vm_id").notNull().references(() => vm.id, { onDelete: "cascade" }),
    ...vmEventColumns,
  },
  (t) => [index("vm_event_vm_idx").on(t.vmId, t.at), index("vm_event_at_idx").on(t.at), index("vm_event_cloud_at_idx").on(t.cloudId, t.at)],
);

/**
 * Finished VMs past their retention, moved out of `vm` by the worker (archiveEndedVms) so
 * the hot table stays small; ids are the ones they had in `vm`, so links keep working.
 */
export const vmArchive = sqliteTable(
  "vm_archive",
  { ...vmColumns, id: integer("id").primaryKey(), archivedAt: timestamp("archived_at").notNull() },
  (t) => [index("vm_archive_cloud_provider_idx").on(t.cloudId, t.providerId), index("vm_archive_archived_idx").on(t.archivedAt)],
);

export const vmEventArchive = sqliteTable(
  "vm_event_archive",
  {
    id: integer("id").primaryKey(),
    vmId: integer("vm_id").notNull().references(() => vmArchive.id, { onDelete: "cascade" }),
    ...vmEventColumns,
  },
  (t) => [index("vm_event_archive_vm_idx").on(t.vmId, t.at)],
);

/** Current poll status per cloud and resource: drives scheduling, backoff and health. */
export const pollState = sqliteTable(
  "poll_state",
  {
    cloudId: integer("cloud_id").notNull().references(() => cloud.id, { onDelete: "cascade" }),
    resource: text("resource", { enum: POLL_RESOURCES }).notNull(),
    lastAttemptAt: timestamp("last_attempt_at"),
    lastSuccessAt: timestamp("last_success_at"),
    lastLatencyMs: integer("last_latency_ms"),
    lastError: text("last_error"),
    lastErrorAt: timestamp("last_error_at"),
    consecutiveFailures: integer("consecutive_failures").notNull().default(0),
    nextDueAt: timestamp("next_due_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.cloudId, t.resource] })],
);

/** Every poll's outcome, for the API health history (kept for a few days). */
export const pollLog = sqliteTable(
  "poll_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    cloudId: integer("cloud_id").notNull().references(() => cloud.id, { onDelete: "cascade" }),
    resource: text("resource", { enum: POLL_RESOURCES }).notNull(),
    at: timestamp("at").notNull(),
    ok: integer("ok", { mode: "boolean" }).notNull(),
    latencyMs: integer("latency_ms").notNull(),
    error: text("error"),
  },
  (t) => [index("poll_log_cloud_at_idx").on(t.cloudId, t.at)],
);

const sampleColumns = {
  cloudId: integer("cloud_id").notNull().references(() => cloud.id, { onDelete: "cascade" }),
  /** Start of the bucket, epoch ms. */
  ts: integer("ts").notNull(),
  requested: real("requested").notNull().default(0),
  booting: real("booting").notNull().default(0),
  running: real("running").notNull().default(0),
  draining: real("draining").notNull().default(0),
  error: real("error").notNull().default(0),
  lost: real("lost").notNull().default(0),
  pollLatencyMs: real("poll_latency_ms").notNull().default(0),
  polls: integer("polls").notNull().default(0),
  pollErrors: integer("poll_errors").notNull().default(0),
};

/** One row per cloud per minute; wide, so a chart reads one row per point. */
export const sampleMinute = sqliteTable("sample_minute", sampleColumns, (t) => [primaryKey({ columns: [t.ts, t.cloudId] })]);

/** Hourly rollup of sample_minute (averages of counts, sums of polls): long ranges read this. */
export const sampleHour = sqliteTable("sample_hour", sampleColumns, (t) => [primaryKey({ columns: [t.ts, t.cloudId] })]);

export const workerHeartbeat = sqliteTable("worker_heartbeat", {
  id: text("id").primaryKey(),
  pid: integer("pid").notNull(),
  hostname: text("hostname"),
  beatAt: timestamp("beat_at").notNull(),
  startedAt: timestamp("started_at").notNull(),
});

/**
 * Work that one worker does at a time: a cloud's polls (`cloud:<id>`), maintenance. The
 * holder renews `until`; when it dies the lease runs out and another worker takes it.
 */
export const workLease = sqliteTable(
  "work_lease",
  {
    name: text("name").primaryKey(),
    owner: text("owner").notNull(),
    until: timestamp("until").notNull(),
    acquiredAt: timestamp("acquired_at").notNull(),
  },
  (t) => [index("work_lease_owner_idx").on(t.owner)],
);

export * from "./operations-schema";

export * from "./auth-schema";

export * from "./image-schema";
export * from "./token-schema";
export * from "./deployment-schema";
export * from "./workload-schema";
export * from "./alert-schema";
