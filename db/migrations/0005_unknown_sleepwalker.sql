CREATE TABLE `image_deployment` (
	`version_id` integer NOT NULL,
	`cloud_id` integer NOT NULL,
	`status` text NOT NULL,
	`provider_image_id` text,
	`message` text,
	`checksum_seen` text,
	`verified_at` integer,
	`action_id` integer,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`version_id`, `cloud_id`),
	FOREIGN KEY (`version_id`) REFERENCES `image_version`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `image_deployment_cloud_idx` ON `image_deployment` (`cloud_id`,`provider_image_id`);