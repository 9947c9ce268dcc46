CREATE TABLE "autoscale_pause" (
	"id" text PRIMARY KEY NOT NULL,
	"paused" bigint NOT NULL,
	"reason" text,
	"by_name" text NOT NULL,
	"at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "autoscale_policy_version" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"queue_id" bigint NOT NULL,
	"version" bigint NOT NULL,
	"policy" text NOT NULL,
	"created_by_id" text,
	"created_by_name" text NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "panda_queue" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"endpoint" text NOT NULL,
	"token_enc" text NOT NULL,
	"timeout_ms" bigint DEFAULT 10000 NOT NULL,
	"poll_sec" bigint DEFAULT 60 NOT NULL,
	"demo" bigint DEFAULT 0 NOT NULL,
	"created_at" bigint NOT NULL,
	"activated" double precision DEFAULT 0 NOT NULL,
	"starting" double precision DEFAULT 0 NOT NULL,
	"running" double precision DEFAULT 0 NOT NULL,
	"holding" double precision DEFAULT 0 NOT NULL,
	"finished" double precision DEFAULT 0 NOT NULL,
	"failed" double precision DEFAULT 0 NOT NULL,
	"cancelled" double precision DEFAULT 0 NOT NULL,
	"counted_at" bigint,
	"last_attempt_at" bigint,
	"last_latency_ms" bigint,
	"last_error" text,
	"last_error_at" bigint,
	"consecutive_failures" bigint DEFAULT 0 NOT NULL,
	"next_due_at" bigint NOT NULL,
	CONSTRAINT "panda_queue_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "panda_queue_cloud" (
	"queue_id" bigint NOT NULL,
	"cloud_id" bigint NOT NULL,
	CONSTRAINT "panda_queue_cloud_queue_id_cloud_id_pk" PRIMARY KEY("queue_id","cloud_id")
);
--> statement-breakpoint
CREATE TABLE "queue_sample_hour" (
	"queue_id" bigint NOT NULL,
	"ts" bigint NOT NULL,
	"activated" double precision DEFAULT 0 NOT NULL,
	"starting" double precision DEFAULT 0 NOT NULL,
	"running" double precision DEFAULT 0 NOT NULL,
	"holding" double precision DEFAULT 0 NOT NULL,
	"finished" double precision DEFAULT 0 NOT NULL,
	"failed" double precision DEFAULT 0 NOT NULL,
	"cancelled" double precision DEFAULT 0 NOT NULL,
	"poll_latency_ms" double precision DEFAULT 0 NOT NULL,
	"polls" bigint DEFAULT 0 NOT NULL,
	"poll_errors" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "queue_sample_hour_ts_queue_id_pk" PRIMARY KEY("ts","queue_id")
);
--> statement-breakpoint
CREATE TABLE "queue_sample_minute" (
	"queue_id" bigint NOT NULL,
	"ts" bigint NOT NULL,
	"activated" double precision DEFAULT 0 NOT NULL,
	"starting" double precision DEFAULT 0 NOT NULL,
	"running" double precision DEFAULT 0 NOT NULL,
	"holding" double precision DEFAULT 0 NOT NULL,
	"finished" double precision DEFAULT 0 NOT NULL,
	"failed" double precision DEFAULT 0 NOT NULL,
	"cancelled" double precision DEFAULT 0 NOT NULL,
	"poll_latency_ms" double precision DEFAULT 0 NOT NULL,
	"polls" bigint DEFAULT 0 NOT NULL,
	"poll_errors" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "queue_sample_minute_ts_queue_id_pk" PRIMARY KEY("ts","queue_id")
);
--> statement-breakpoint
ALTER TABLE "autoscale_policy_version" ADD CONSTRAINT "autoscale_policy_version_queue_id_panda_queue_id_fk" FOREIGN KEY ("queue_id") REFERENCES "public"."panda_queue"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panda_queue_cloud" ADD CONSTRAINT "panda_queue_cloud_queue_id_panda_queue_id_fk" FOREIGN KEY ("queue_id") REFERENCES "public"."panda_queue"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panda_queue_cloud" ADD CONSTRAINT "panda_queue_cloud_cloud_id_cloud_id_fk" FOREIGN KEY ("cloud_id") REFERENCES "public"."cloud"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "queue_sample_hour" ADD CONSTRAINT "queue_sample_hour_queue_id_panda_queue_id_fk" FOREIGN KEY ("queue_id") REFERENCES "public"."panda_queue"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "queue_sample_minute" ADD CONSTRAINT "queue_sample_minute_queue_id_panda_queue_id_fk" FOREIGN KEY ("queue_id") REFERENCES "public"."panda_queue"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "autoscale_policy_version_idx" ON "autoscale_policy_version" USING btree ("queue_id","version");--> statement-breakpoint
CREATE INDEX "panda_queue_cloud_cloud_idx" ON "panda_queue_cloud" USING btree ("cloud_id");--> statement-breakpoint
CREATE TRIGGER panda_queue_fill_id BEFORE INSERT ON "panda_queue" FOR EACH ROW EXECUTE FUNCTION cloudscope_fill_id();
--> statement-breakpoint
CREATE TRIGGER autoscale_policy_version_fill_id BEFORE INSERT ON "autoscale_policy_version" FOR EACH ROW EXECUTE FUNCTION cloudscope_fill_id();
