CREATE TABLE "alert" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"rule_id" bigint NOT NULL,
	"cloud_id" bigint NOT NULL,
	"state" text NOT NULL,
	"severity" text NOT NULL,
	"value" double precision NOT NULL,
	"summary" text NOT NULL,
	"pending_since" bigint NOT NULL,
	"fired_at" bigint,
	"clear_since" bigint,
	"ack_by" text,
	"ack_comment" text,
	"ack_at" bigint,
	"silenced_until" bigint,
	"resolved_at" bigint
);
--> statement-breakpoint
CREATE TABLE "alert_delivery" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"alert_id" bigint NOT NULL,
	"receiver" text NOT NULL,
	"event" text NOT NULL,
	"payload" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" bigint DEFAULT 0 NOT NULL,
	"next_attempt_at" bigint NOT NULL,
	"last_error" text,
	"created_at" bigint NOT NULL,
	"delivered_at" bigint
);
--> statement-breakpoint
CREATE TABLE "alert_rule" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"signal" text NOT NULL,
	"threshold" double precision NOT NULL,
	"for_sec" bigint NOT NULL,
	"severity" text NOT NULL,
	"runbook_url" text,
	"enabled" bigint DEFAULT 1 NOT NULL,
	"updated_at" bigint NOT NULL,
	"updated_by" text,
	CONSTRAINT "alert_rule_signal_unique" UNIQUE("signal")
);
--> statement-breakpoint
CREATE TABLE "alert_transition" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"alert_id" bigint NOT NULL,
	"at" bigint NOT NULL,
	"from_state" text,
	"to_state" text NOT NULL,
	"by_name" text,
	"comment" text
);
--> statement-breakpoint
ALTER TABLE "alert" ADD CONSTRAINT "alert_rule_id_alert_rule_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."alert_rule"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert" ADD CONSTRAINT "alert_cloud_id_cloud_id_fk" FOREIGN KEY ("cloud_id") REFERENCES "public"."cloud"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_delivery" ADD CONSTRAINT "alert_delivery_alert_id_alert_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."alert"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_transition" ADD CONSTRAINT "alert_transition_alert_id_alert_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."alert"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alert_state_idx" ON "alert" USING btree ("state","cloud_id");--> statement-breakpoint
CREATE INDEX "alert_cloud_idx" ON "alert" USING btree ("cloud_id","pending_since");--> statement-breakpoint
CREATE INDEX "alert_delivery_due_idx" ON "alert_delivery" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "alert_delivery_alert_idx" ON "alert_delivery" USING btree ("alert_id");--> statement-breakpoint
CREATE INDEX "alert_transition_alert_idx" ON "alert_transition" USING btree ("alert_id","at");--> statement-breakpoint
CREATE INDEX "vm_event_cloud_at_idx" ON "vm_event" USING btree ("cloud_id","at");--> statement-breakpoint
CREATE TRIGGER alert_rule_fill_id BEFORE INSERT ON "alert_rule" FOR EACH ROW EXECUTE FUNCTION cloudscope_fill_id();
--> statement-breakpoint
CREATE TRIGGER alert_fill_id BEFORE INSERT ON "alert" FOR EACH ROW EXECUTE FUNCTION cloudscope_fill_id();
--> statement-breakpoint
CREATE TRIGGER alert_transition_fill_id BEFORE INSERT ON "alert_transition" FOR EACH ROW EXECUTE FUNCTION cloudscope_fill_id();
--> statement-breakpoint
CREATE TRIGGER alert_delivery_fill_id BEFORE INSERT ON "alert_delivery" FOR EACH ROW EXECUTE FUNCTION cloudscope_fill_id();
