CREATE TABLE "image_deployment" (
	"version_id" bigint NOT NULL,
	"cloud_id" bigint NOT NULL,
	"status" text NOT NULL,
	"provider_image_id" text,
	"message" text,
	"checksum_seen" text,
	"verified_at" bigint,
	"action_id" bigint,
	"updated_at" bigint NOT NULL,
	CONSTRAINT "image_deployment_version_id_cloud_id_pk" PRIMARY KEY("version_id","cloud_id")
);
--> statement-breakpoint
ALTER TABLE "image_deployment" ADD CONSTRAINT "image_deployment_version_id_image_version_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."image_version"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "image_deployment_cloud_idx" ON "image_deployment" USING btree ("cloud_id","provider_image_id");