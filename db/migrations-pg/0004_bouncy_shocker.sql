CREATE TABLE "endorser" (
	"id" bigint PRIMARY KEY NOT NULL,
	"cert_pem" text NOT NULL,
	"key_enc" text,
	"key_path" text,
	"ca_pem" text NOT NULL,
	"subject_dn" text NOT NULL,
	"issuer_dn" text NOT NULL,
	"email" text DEFAULT '' NOT NULL,
	"not_after" bigint NOT NULL,
	"installed_by_name" text NOT NULL,
	"installed_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "image" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"external_endorser_dn" text,
	"created_at" bigint NOT NULL,
	CONSTRAINT "image_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "image_list" (
	"channel" text PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL,
	"identifier" text NOT NULL,
	"body" text NOT NULL,
	"etag" text NOT NULL,
	"issued_at" bigint NOT NULL,
	"expires_at" bigint NOT NULL,
	"image_count" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "image_version" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"image_id" bigint NOT NULL,
	"version" text NOT NULL,
	"identifier" text NOT NULL,
	"state" text NOT NULL,
	"os" text NOT NULL,
	"os_version" text NOT NULL,
	"arch" text NOT NULL,
	"hypervisor" text NOT NULL,
	"disk_format" text NOT NULL,
	"size_bytes" bigint NOT NULL,
	"sha512" text NOT NULL,
	"sha256" text,
	"source_uri" text,
	"context_method" text NOT NULL,
	"min_cores" bigint DEFAULT 1 NOT NULL,
	"min_ram_mb" bigint DEFAULT 0 NOT NULL,
	"release_notes" text DEFAULT '' NOT NULL,
	"file_name" text,
	"submitted_by_id" text,
	"submitted_by_name" text NOT NULL,
	"submitted_at" bigint NOT NULL,
	"decided_by_name" text,
	"decided_at" bigint,
	"decision_reason" text,
	"channel" text,
	"endorsed_at" bigint,
	"revoked_by_name" text,
	"revoked_at" bigint,
	"revoke_reason" text,
	"expires_at" bigint,
	"endorser_dn" text,
	"source_list_id" text,
	CONSTRAINT "image_version_identifier_unique" UNIQUE("identifier")
);
--> statement-breakpoint
CREATE TABLE "imported_list" (
	"identifier" text PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"version" text NOT NULL,
	"endorser_dn" text NOT NULL,
	"expires_at" bigint NOT NULL,
	"imported_by_name" text NOT NULL,
	"imported_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "trusted_endorser" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"ca_pem" text NOT NULL,
	"allowed_dn" text NOT NULL,
	"created_by_name" text NOT NULL,
	"created_at" bigint NOT NULL,
	CONSTRAINT "trusted_endorser_name_unique" UNIQUE("name")
);
--> statement-breakpoint
ALTER TABLE "image_version" ADD CONSTRAINT "image_version_image_id_image_id_fk" FOREIGN KEY ("image_id") REFERENCES "public"."image"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "image_version_idx" ON "image_version" USING btree ("image_id","version");--> statement-breakpoint
CREATE INDEX "image_version_state_idx" ON "image_version" USING btree ("state");--> statement-breakpoint
CREATE INDEX "image_version_channel_idx" ON "image_version" USING btree ("channel","state");--> statement-breakpoint
CREATE TRIGGER image_fill_id BEFORE INSERT ON "image" FOR EACH ROW EXECUTE FUNCTION cloudscope_fill_id();
--> statement-breakpoint
CREATE TRIGGER image_version_fill_id BEFORE INSERT ON "image_version" FOR EACH ROW EXECUTE FUNCTION cloudscope_fill_id();
--> statement-breakpoint
CREATE TRIGGER trusted_endorser_fill_id BEFORE INSERT ON "trusted_endorser" FOR EACH ROW EXECUTE FUNCTION cloudscope_fill_id();
