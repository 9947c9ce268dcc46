CREATE TABLE "vm_archive" (
	"id" bigint PRIMARY KEY NOT NULL,
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
	"launch_action_id" bigint,
	"image_class" text,
	"image_version_id" bigint,
	"image_modified" text,
	"archived_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vm_event_archive" (
	"id" bigint PRIMARY KEY NOT NULL,
	"vm_id" bigint NOT NULL,
	"cloud_id" bigint NOT NULL,
	"at" bigint NOT NULL,
	"from_state" text,
	"to_state" text NOT NULL,
	"raw_state" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "site_param_version" ADD COLUMN "comment" text;--> statement-breakpoint
ALTER TABLE "vm_archive" ADD CONSTRAINT "vm_archive_cloud_id_cloud_id_fk" FOREIGN KEY ("cloud_id") REFERENCES "public"."cloud"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vm_event_archive" ADD CONSTRAINT "vm_event_archive_vm_id_vm_archive_id_fk" FOREIGN KEY ("vm_id") REFERENCES "public"."vm_archive"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "vm_archive_cloud_provider_idx" ON "vm_archive" USING btree ("cloud_id","provider_id");--> statement-breakpoint
CREATE INDEX "vm_archive_archived_idx" ON "vm_archive" USING btree ("archived_at");--> statement-breakpoint
CREATE INDEX "vm_event_archive_vm_idx" ON "vm_event_archive" USING btree ("vm_id","at");