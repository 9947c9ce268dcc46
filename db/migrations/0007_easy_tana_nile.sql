ALTER TABLE `vm` ADD `image_class` text;--> statement-breakpoint
ALTER TABLE `vm` ADD `image_version_id` integer;--> statement-breakpoint
ALTER TABLE `vm` ADD `image_modified` text;--> statement-breakpoint
CREATE INDEX `vm_image_class_idx` ON `vm` (`image_class`,`cloud_id`,`state`);--> statement-breakpoint
CREATE INDEX `vm_image_version_idx` ON `vm` (`image_version_id`,`cloud_id`,`state`);