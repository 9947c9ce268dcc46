import { sqliteTable, text, integer, real, index, uniqueIndex, primaryKey } from "drizzle-orm/sqlite-core";
import { cloud } from "./schema";

const timestamp = (name: string) => integer(name, { mode: "timestamp_ms" });

/** Job counts by the console's job states (server/domain/vocabulary.ts JOB_STATES). */
const jobCountColumns = {
  activated: real("activated").notNull().default(0),
  starting: real("starting").notNull().default(0),
  running: real("running").notNull().default(0),
  holding: real("holding").notNull().default(0),
  finished: real("finished").notNull().default(0),
  failed: real("failed").notNull().default(0),
  cancelled: real("cancelled").notNull().default(0),
};

/** A PanDA queue (PanDA's `computingsite`), the server that reports on it, and how its last poll went. */
export const pandaQueue = sqliteTable("panda_queue", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull().unique(),
  /** The v1 API base of the PanDA server. */
  endpoint: text("endpoint").notNull(),
  /** AES-256-GCM sealed bearer token; never leaves the server. */
  tokenEnc: text("token_enc").notNull(),
  timeoutMs: integer("timeout_ms").notNull().default(10_000),
  pollSec: integer("poll_sec").notNull().default(60),
  demo: integer("demo", { mode: "boolean" }).notNull().default(false),
  createdAt: timestamp("created_at").notNull(),
  ...jobCountColumns,
  /** When the counts above were read. */
  countedAt: timestamp("counted_at"),
  lastAttemptAt: timestamp("last_attempt_at"),
  lastLatencyMs: integer("last_latency_ms"),
  lastError: text("last_error"),
  lastErrorAt: timestamp("last_error_at"),
  consecutiveFailures: integer("consecutive_failures").notNull().default(0),
  nextDueAt: timestamp("next_due_at").notNull(),
});

/** The clouds whose VMs serve a queue (from the configuration). */
export const pandaQueueCloud = sqliteTable(
  "panda_queue_cloud",
  {
    queueId: integer("queue_id").notNull().references(() => pandaQueue.id, { onDelete: "cascade" }),
    cloudId: integer("cloud_id").notNull().references(() => cloud.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.queueId, t.cloudId] }), index("panda_queue_cloud_cloud_idx").on(t.cloudId)],
);

const queueSampleColumns = {
  queueId: integer("queue_id").notNull().references(() => pandaQueue.id, { onDelete: "cascade" }),
  /** Start of the bucket, epoch ms. */
  ts: integer("ts").notNull(),
  ...jobCountColumns,
  pollLatencyMs: real("poll_latency_ms").notNull().default(0),
  polls: integer("polls").notNull().default(0),
  pollErrors: integer("poll_errors").notNull().default(0),
};

/** One row per queue per minute, like sample_minute for VMs. */
export const queueSampleMinute = sqliteTable("queue_sample_minute", queueSampleColumns, (t) => [primaryKey({ columns: [t.ts, t.queueId] })]);

/** Hourly rollup of queue_sample_minute: long ranges read this. */
export const queueSampleHour = sqliteTable("queue_sample_hour", queueSampleColumns, (t) => [primaryKey({ columns: [t.ts, t.queueId] })]);

/** Autoscaling policies are versioned like site parameters: each edit adds a version; the newest is in force. */
export const autoscalePolicyVersion = sqliteTable(
  "autoscale_policy_version",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    queueId: integer("queue_id").notNull().references(() => pandaQueue.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    /** JSON, validated by server/domain/autoscale-policy.ts. */
    policy: text("policy").notNull(),
    createdById: text("created_by_id"),
    createdByName: text("created_by_name").notNull(),
    createdAt: timestamp("created_at").notNull(),
  },
  (t) => [uniqueIndex("autoscale_policy_version_idx").on(t.queueId, t.version)],
);

/** The global autoscaling pause (one row, id "global"): while paused nothing is planned, with the reason shown on every page. */
export const autoscalePause = sqliteTable("autoscale_pause", {
  id: text("id").primaryKey(),
  paused: integer("paused", { mode: "boolean" }).notNull(),
  reason: text("reason"),
  byName: text("by_name").notNull(),
  at: timestamp("at").notNull(),
});
