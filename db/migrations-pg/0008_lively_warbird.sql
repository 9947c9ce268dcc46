ALTER TABLE "vm" ADD COLUMN "image_class" text;--> statement-breakpoint
ALTER TABLE "vm" ADD COLUMN "image_version_id" bigint;--> statement-breakpoint
ALTER TABLE "vm" ADD COLUMN "image_modified" text;--> statement-breakpoint
CREATE INDEX "vm_image_class_idx" ON "vm" USING btree ("image_class","cloud_id","state");--> statement-breakpoint
CREATE INDEX "vm_image_version_idx" ON "vm" USING btree ("image_version_id","cloud_id","state");