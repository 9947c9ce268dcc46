ALTER TABLE "api_token" ADD COLUMN "read_audited_at" bigint;--> statement-breakpoint
ALTER TABLE "user" ADD COLUMN "break_glass" bigint DEFAULT 0 NOT NULL;