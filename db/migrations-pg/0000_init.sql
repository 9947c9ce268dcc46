CREATE TABLE "account" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"provider_id" text NOT NULL,
	"user_id" text NOT NULL,
	"access_token" text,
	"refresh_token" text,
	"id_token" text,
	"access_token_expires_at" bigint,
	"refresh_token_expires_at" bigint,
	"scope" text,
	"password" text,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "action" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"cloud_id" bigint,
	"requested_by_id" text NOT NULL,
	"requested_by_name" text NOT NULL,
	"requested_at" bigint NOT NULL,
	"params" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"attempts" bigint DEFAULT 0 NOT NULL,
	"claimed_by" text,
	"lease_until" bigint,
	"not_before" bigint,
	"started_at" bigint,
	"finished_at" bigint,
	"error" text,
	"total" bigint DEFAULT 0 NOT NULL,
	"succeeded" bigint DEFAULT 0 NOT NULL,
	"failed" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "action_item" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"action_id" bigint NOT NULL,
	"seq" bigint NOT NULL,
	"cloud_id" bigint NOT NULL,
	"vm_id" bigint,
	"token" text,
	"provider_id" text,
	"status" text DEFAULT 'queued' NOT NULL,
	"vm_state_at_request" text,
	"attempts" bigint DEFAULT 0 NOT NULL,
	"error" text,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" bigint NOT NULL,
	"actor_id" text,
	"actor_name" text NOT NULL,
	"actor_role" text,
	"ip" text,
	"verb" text NOT NULL,
	"target_type" text NOT NULL,
	"target_id" text,
	"summary" text NOT NULL,
	"before" text,
	"after" text
);
--> statement-breakpoint
CREATE TABLE "cloud" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"endpoint" text NOT NULL,
	"region" text,
	"credentials_enc" text NOT NULL,
	"enabled" bigint DEFAULT 1 NOT NULL,
	"context_method" text DEFAULT 'cloud-init' NOT NULL,
	"cost_per_core_hour" double precision DEFAULT 0 NOT NULL,
	"poll_vms_sec" bigint DEFAULT 60 NOT NULL,
	"poll_limits_sec" bigint DEFAULT 30 NOT NULL,
	"poll_images_sec" bigint DEFAULT 300 NOT NULL,
	"timeout_ms" bigint DEFAULT 10000 NOT NULL,
	"paused" bigint DEFAULT 0 NOT NULL,
	"operator_reason" text,
	"status" text DEFAULT 'unknown' NOT NULL,
	"status_reason" text,
	"status_since" bigint,
	"demo" bigint DEFAULT 0 NOT NULL,
	"created_at" bigint NOT NULL,
	CONSTRAINT "cloud_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "cloud_image" (
	"cloud_id" bigint NOT NULL,
	"provider_id" text NOT NULL,
	"name" text NOT NULL,
	"status" text NOT NULL,
	"size_bytes" bigint,
	"checksum" text,
	"os" text,
	"seen_at" bigint NOT NULL,
	CONSTRAINT "cloud_image_cloud_id_provider_id_pk" PRIMARY KEY("cloud_id","provider_id")
);
--> statement-breakpoint
CREATE TABLE "flavor" (
	"cloud_id" bigint NOT NULL,
	"provider_id" text NOT NULL,
	"name" text NOT NULL,
	"vcpus" bigint NOT NULL,
	"ram_mb" bigint NOT NULL,
	"disk_gb" bigint NOT NULL,
	"seen_at" bigint NOT NULL,
	CONSTRAINT "flavor_cloud_id_provider_id_pk" PRIMARY KEY("cloud_id","provider_id")
);
--> statement-breakpoint
CREATE TABLE "poll_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"cloud_id" bigint NOT NULL,
	"resource" text NOT NULL,
	"at" bigint NOT NULL,
	"ok" bigint NOT NULL,
	"latency_ms" bigint NOT NULL,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "poll_state" (
	"cloud_id" bigint NOT NULL,
	"resource" text NOT NULL,
	"last_attempt_at" bigint,
	"last_success_at" bigint,
	"last_latency_ms" bigint,
	"last_error" text,
	"last_error_at" bigint,
	"consecutive_failures" bigint DEFAULT 0 NOT NULL,
	"next_due_at" bigint NOT NULL,
	CONSTRAINT "poll_state_cloud_id_resource_pk" PRIMARY KEY("cloud_id","resource")
);
--> statement-breakpoint
CREATE TABLE "quota" (
	"cloud_id" bigint NOT NULL,
	"resource" text NOT NULL,
	"used" bigint NOT NULL,
	"limit" bigint,
	"seen_at" bigint NOT NULL,
	CONSTRAINT "quota_cloud_id_resource_pk" PRIMARY KEY("cloud_id","resource")
);
--> statement-breakpoint
CREATE TABLE "rate_limit" (
	"id" text PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"count" bigint NOT NULL,
	"last_request" bigint NOT NULL,
	CONSTRAINT "rate_limit_key_unique" UNIQUE("key")
);
--> statement-breakpoint
CREATE TABLE "sample_hour" (
	"cloud_id" bigint NOT NULL,
	"ts" bigint NOT NULL,
	"requested" double precision DEFAULT 0 NOT NULL,
	"booting" double precision DEFAULT 0 NOT NULL,
	"running" double precision DEFAULT 0 NOT NULL,
	"draining" double precision DEFAULT 0 NOT NULL,
	"error" double precision DEFAULT 0 NOT NULL,
	"lost" double precision DEFAULT 0 NOT NULL,
	"poll_latency_ms" double precision DEFAULT 0 NOT NULL,
	"polls" bigint DEFAULT 0 NOT NULL,
	"poll_errors" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "sample_hour_ts_cloud_id_pk" PRIMARY KEY("ts","cloud_id")
);
--> statement-breakpoint
CREATE TABLE "sample_minute" (
	"cloud_id" bigint NOT NULL,
	"ts" bigint NOT NULL,
	"requested" double precision DEFAULT 0 NOT NULL,
	"booting" double precision DEFAULT 0 NOT NULL,
	"running" double precision DEFAULT 0 NOT NULL,
	"draining" double precision DEFAULT 0 NOT NULL,
	"error" double precision DEFAULT 0 NOT NULL,
	"lost" double precision DEFAULT 0 NOT NULL,
	"poll_latency_ms" double precision DEFAULT 0 NOT NULL,
	"polls" bigint DEFAULT 0 NOT NULL,
	"poll_errors" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "sample_minute_ts_cloud_id_pk" PRIMARY KEY("ts","cloud_id")
);
--> statement-breakpoint
CREATE TABLE "session" (
	"id" text PRIMARY KEY NOT NULL,
	"token" text NOT NULL,
	"user_id" text NOT NULL,
	"expires_at" bigint NOT NULL,
	"ip_address" text,
	"user_agent" text,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL,
	CONSTRAINT "session_token_unique" UNIQUE("token")
);
--> statement-breakpoint
CREATE TABLE "site_param_version" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"cloud_id" bigint NOT NULL,
	"version" bigint NOT NULL,
	"params" text NOT NULL,
	"created_by_id" text,
	"created_by_name" text NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "user" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"email_verified" bigint DEFAULT 0 NOT NULL,
	"image" text,
	"username" text,
	"display_username" text,
	"role" text DEFAULT 'shifter' NOT NULL,
	"disabled" bigint DEFAULT 0 NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL,
	CONSTRAINT "user_email_unique" UNIQUE("email"),
	CONSTRAINT "user_username_unique" UNIQUE("username")
);
--> statement-breakpoint
CREATE TABLE "verification" (
	"id" text PRIMARY KEY NOT NULL,
	"identifier" text NOT NULL,
	"value" text NOT NULL,
	"expires_at" bigint NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vm" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"cloud_id" bigint NOT NULL,
	"provider_id" text NOT NULL,
	"name" text NOT NULL,
	"queue" text,
	"image_ref" text,
	"flavor_ref" text,
	"ip" text,
	"state" text NOT NULL,
	"raw_state" text NOT NULL,
	"requested_at" bigint,
	"created_at" bigint,
	"running_at" bigint,
	"drain_requested_at" bigint,
	"drain_deadline_at" bigint,
	"destroy_requested_at" bigint,
	"terminated_at" bigint,
	"last_seen_at" bigint NOT NULL,
	"state_changed_at" bigint NOT NULL,
	"stale" bigint DEFAULT 0 NOT NULL,
	"last_error" text,
	"launch_action_id" bigint
);
--> statement-breakpoint
CREATE TABLE "vm_event" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"vm_id" bigint NOT NULL,
	"cloud_id" bigint NOT NULL,
	"at" bigint NOT NULL,
	"from_state" text,
	"to_state" text NOT NULL,
	"raw_state" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "worker_heartbeat" (
	"id" text PRIMARY KEY NOT NULL,
	"pid" bigint NOT NULL,
	"beat_at" bigint NOT NULL,
	"started_at" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "account" ADD CONSTRAINT "account_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "action_item" ADD CONSTRAINT "action_item_action_id_action_id_fk" FOREIGN KEY ("action_id") REFERENCES "public"."action"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cloud_image" ADD CONSTRAINT "cloud_image_cloud_id_cloud_id_fk" FOREIGN KEY ("cloud_id") REFERENCES "public"."cloud"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flavor" ADD CONSTRAINT "flavor_cloud_id_cloud_id_fk" FOREIGN KEY ("cloud_id") REFERENCES "public"."cloud"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "poll_log" ADD CONSTRAINT "poll_log_cloud_id_cloud_id_fk" FOREIGN KEY ("cloud_id") REFERENCES "public"."cloud"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "poll_state" ADD CONSTRAINT "poll_state_cloud_id_cloud_id_fk" FOREIGN KEY ("cloud_id") REFERENCES "public"."cloud"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quota" ADD CONSTRAINT "quota_cloud_id_cloud_id_fk" FOREIGN KEY ("cloud_id") REFERENCES "public"."cloud"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sample_hour" ADD CONSTRAINT "sample_hour_cloud_id_cloud_id_fk" FOREIGN KEY ("cloud_id") REFERENCES "public"."cloud"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sample_minute" ADD CONSTRAINT "sample_minute_cloud_id_cloud_id_fk" FOREIGN KEY ("cloud_id") REFERENCES "public"."cloud"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session" ADD CONSTRAINT "session_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vm" ADD CONSTRAINT "vm_cloud_id_cloud_id_fk" FOREIGN KEY ("cloud_id") REFERENCES "public"."cloud"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vm_event" ADD CONSTRAINT "vm_event_vm_id_vm_id_fk" FOREIGN KEY ("vm_id") REFERENCES "public"."vm"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "account_user_idx" ON "account" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "action_idempotency_idx" ON "action" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "action_status_idx" ON "action" USING btree ("status","not_before");--> statement-breakpoint
CREATE INDEX "action_requested_idx" ON "action" USING btree ("requested_at");--> statement-breakpoint
CREATE UNIQUE INDEX "action_item_seq_idx" ON "action_item" USING btree ("action_id","seq");--> statement-breakpoint
CREATE INDEX "action_item_vm_idx" ON "action_item" USING btree ("vm_id");--> statement-breakpoint
CREATE INDEX "audit_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_verb_idx" ON "audit_log" USING btree ("verb","at");--> statement-breakpoint
CREATE INDEX "audit_actor_idx" ON "audit_log" USING btree ("actor_name","at");--> statement-breakpoint
CREATE INDEX "audit_target_idx" ON "audit_log" USING btree ("target_type","target_id");--> statement-breakpoint
CREATE INDEX "poll_log_cloud_at_idx" ON "poll_log" USING btree ("cloud_id","at");--> statement-breakpoint
CREATE INDEX "session_user_idx" ON "session" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "site_param_version_idx" ON "site_param_version" USING btree ("cloud_id","version");--> statement-breakpoint
CREATE INDEX "verification_identifier_idx" ON "verification" USING btree ("identifier");--> statement-breakpoint
CREATE UNIQUE INDEX "vm_cloud_provider_idx" ON "vm" USING btree ("cloud_id","provider_id");--> statement-breakpoint
CREATE INDEX "vm_cloud_state_idx" ON "vm" USING btree ("cloud_id","state","stale");--> statement-breakpoint
CREATE INDEX "vm_state_name_idx" ON "vm" USING btree ("state","name");--> statement-breakpoint
CREATE INDEX "vm_queue_idx" ON "vm" USING btree ("queue");--> statement-breakpoint
CREATE INDEX "vm_name_idx" ON "vm" USING btree ("name");--> statement-breakpoint
CREATE INDEX "vm_changed_idx" ON "vm" USING btree ("state_changed_at");--> statement-breakpoint
CREATE INDEX "vm_event_vm_idx" ON "vm_event" USING btree ("vm_id","at");--> statement-breakpoint
CREATE INDEX "vm_event_at_idx" ON "vm_event" USING btree ("at");