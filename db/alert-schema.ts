import { sqliteTable, text, integer, real, index } from "drizzle-orm/sqlite-core";
import { ALERT_SEVERITIES, ALERT_STATES, HEALTH_SIGNALS } from "../server/domain/vocabulary";
import { cloud } from "./schema";

const timestamp = (name: string) => integer(name, { mode: "timestamp_ms" });

/** Fires when a cloud's signal reaches `threshold` and holds for `forSec`; one rule per signal ships by default. */
export const alertRule = sqliteTable("alert_rule", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  signal: text("signal", { enum: HEALTH_SIGNALS }).notNull().unique(),
  threshold: real("threshold").notNull(),
  forSec: integer("for_sec").notNull(),
  severity: text("severity", { enum: ALERT_SEVERITIES }).notNull(),
  runbookUrl: text("runbook_url"),
  enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
  updatedAt: timestamp("updated_at").notNull(),
  updatedBy: text("updated_by"),
});

/** One rule on one cloud, from the first evaluation it held until resolved. */
export const alert = sqliteTable(
  "alert",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    ruleId: integer("rule_id").notNull().references(() => alertRule.id, { onDelete: "cascade" }),
    cloudId: integer("cloud_id").notNull().references(() => cloud.id, { onDelete: "cascade" }),
    state: text("state", { enum: ALERT_STATES }).notNull(),
    severity: text("severity", { enum: ALERT_SEVERITIES }).notNull(),
    value: real("value").notNull(),
    summary: text("summary").notNull(),
    pendingSince: timestamp("pending_since").notNull(),
    firedAt: timestamp("fired_at"),
    /** The condition has not held since then; it resolves after the recovery period. */
    clearSince: timestamp("clear_since"),
    ackBy: text("ack_by"),
    ackComment: text("ack_comment"),
    ackAt: timestamp("ack_at"),
    silencedUntil: timestamp("silenced_until"),
    resolvedAt: timestamp("resolved_at"),
  },
  (t) => [index("alert_state_idx").on(t.state, t.cloudId), index("alert_cloud_idx").on(t.cloudId, t.pendingSince)],
);

/** Every change of an alert's state, with who and why for the human ones. */
export const alertTransition = sqliteTable(
  "alert_transition",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    alertId: integer("alert_id").notNull().references(() => alert.id, { onDelete: "cascade" }),
    at: timestamp("at").notNull(),
    fromState: text("from_state", { enum: ALERT_STATES }),
    toState: text("to_state", { enum: ALERT_STATES }).notNull(),
    byName: text("by_name"),
    comment: text("comment"),
  },
  (t) => [index("alert_transition_alert_idx").on(t.alertId, t.at)],
);

/**
 * The outbox: one row per receiver and alert transition, written in the transaction of the
 * transition, sent by the worker with backoff, delivered only on a 2xx answer.
 */
export const alertDelivery = sqliteTable(
  "alert_delivery",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    alertId: integer("alert_id").notNull().references(() => alert.id, { onDelete: "cascade" }),
    receiver: text("receiver").notNull(),
    event: text("event", { enum: ["firing", "resolved"] }).notNull(),
    /** The webhook body (JSON) as of the transition. */
    payload: text("payload").notNull(),
    status: text("status", { enum: ["pending", "delivered"] }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    /** Also the claim: a sender moves it ahead by its lease before sending, so no other sender takes it meanwhile. */
    nextAttemptAt: timestamp("next_attempt_at").notNull(),
    lastError: text("last_error"),
    createdAt: timestamp("created_at").notNull(),
    deliveredAt: timestamp("delivered_at"),
  },
  (t) => [index("alert_delivery_due_idx").on(t.status, t.nextAttemptAt), index("alert_delivery_alert_idx").on(t.alertId)],
);
