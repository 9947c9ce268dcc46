import { sqliteTable, text, integer, index, uniqueIndex } from "drizzle-orm/sqlite-core";
import { ACTION_KINDS, ACTION_STATUSES, ROLES, VM_STATES } from "../server/domain/vocabulary";

const timestamp = (name: string) => integer(name, { mode: "timestamp_ms" });

/**
 * An operator's request, recorded before it is acknowledged and executed by the worker.
 * `idempotencyKey` comes from the client: the same key twice is the same action.
 */
export const action = sqliteTable(
  "action",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    kind: text("kind", { enum: ACTION_KINDS }).notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    /** The cloud of a launch; bulk drain/destroy spans clouds through its items. */
    cloudId: integer("cloud_id"),
    requestedById: text("requested_by_id").notNull(),
    requestedByName: text("requested_by_name").notNull(),
    requestedAt: timestamp("requested_at").notNull(),
    /** JSON, shape per kind (server/domain/action-params.ts). */
    params: text("params").notNull(),
    status: text("status", { enum: ACTION_STATUSES }).notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    /** Worker lease: a crashed worker's claim expires and another run resumes the action. */
    claimedBy: text("claimed_by"),
    leaseUntil: timestamp("lease_until"),
    notBefore: timestamp("not_before"),
    startedAt: timestamp("started_at"),
    finishedAt: timestamp("finished_at"),
    error: text("error"),
    total: integer("total").notNull().default(0),
    succeeded: integer("succeeded").notNull().default(0),
    failed: integer("failed").notNull().default(0),
  },
  (t) => [uniqueIndex("action_idempotency_idx").on(t.idempotencyKey), index("action_status_idx").on(t.status, t.notBefore), index("action_requested_idx").on(t.requestedAt)],
);

/** One VM's share of an action: progress per VM for bulk actions, and the launch token that makes retries safe. */
export const actionItem = sqliteTable(
  "action_item",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    actionId: integer("action_id").notNull().references(() => action.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    cloudId: integer("cloud_id").notNull(),
    vmId: integer("vm_id"),
    /** Launch: tagged on the VM at the provider, so a retry finds it instead of creating a twin. */
    token: text("token"),
    providerId: text("provider_id"),
    status: text("status", { enum: ACTION_STATUSES }).notNull().default("queued"),
    /** What the VM was doing when the action was requested (drain/destroy confirmation). */
    vmStateAtRequest: text("vm_state_at_request", { enum: VM_STATES }),
    attempts: integer("attempts").notNull().default(0),
    error: text("error"),
    updatedAt: timestamp("updated_at").notNull(),
  },
  (t) => [uniqueIndex("action_item_seq_idx").on(t.actionId, t.seq), index("action_item_vm_idx").on(t.vmId)],
);

/** Every mutation: who, when, from where, what, and the before/after of what changed. */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: timestamp("at").notNull(),
    actorId: text("actor_id"),
    actorName: text("actor_name").notNull(),
    actorRole: text("actor_role"),
    ip: text("ip"),
    /** The permission exercised, e.g. "vms.launch". */
    verb: text("verb").notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id"),
    summary: text("summary").notNull(),
    before: text("before"),
    after: text("after"),
  },
  (t) => [index("audit_at_idx").on(t.at), index("audit_verb_idx").on(t.verb, t.at), index("audit_actor_idx").on(t.actorName, t.at), index("audit_target_idx").on(t.targetType, t.targetId)],
);

/** Site parameters are versioned: each edit adds a version; the newest is in force. */
export const siteParamVersion = sqliteTable(
  "site_param_version",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    cloudId: integer("cloud_id").notNull(),
    version: integer("version").notNull(),
    /** JSON, validated by server/domain/site-params.ts. */
    params: text("params").notNull(),
    createdById: text("created_by_id"),
    createdByName: text("created_by_name").notNull(),
    createdAt: timestamp("created_at").notNull(),
    /** Why, in the editor's words (shown in the history and the audit entry). */
    comment: text("comment"),
  },
  (t) => [uniqueIndex("site_param_version_idx").on(t.cloudId, t.version)],
);
