CREATE TABLE "work_lease" (
	"name" text PRIMARY KEY NOT NULL,
	"owner" text NOT NULL,
	"until" bigint NOT NULL,
	"acquired_at" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "worker_heartbeat" ADD COLUMN "hostname" text;--> statement-breakpoint
CREATE INDEX "work_lease_owner_idx" ON "work_lease" USING btree ("owner");