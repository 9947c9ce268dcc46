CREATE TABLE `vm_archive` (
	`id` integer PRIMARY KEY NOT NULL,
	`cloud_id` integer NOT NULL,
	`provider_id` text NOT NULL,
	`name` text NOT NULL,
	`queue` text,
	`image_ref` text,
	`flavor_ref` text,
	`ip` text,
	`state` text NOT NULL,
	`raw_state` text NOT NULL,
	`requested_at` integer,
	`created_at` integer,
	`running_at` integer,
	`drain_requested_at` integer,
	`drain_deadline_at` integer,
	`destroy_requested_at` integer,
	`terminated_at` integer,
	`last_seen_at` integer NOT NULL,
	`state_changed_at` integer NOT NULL,
	`stale` integer DEFAULT false NOT NULL,
	`last_error` text,
	`launch_action_id` integer,
	`image_class` text,
	`image_version_id` integer,
	`image_modified` text,
	`archived_at` integer NOT NULL,
	FOREIGN KEY (`cloud_id`) REFERENCES `cloud`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `vm_archive_cloud_provider_idx` ON `vm_archive` (`cloud_id`,`provider_id`);--> statement-breakpoint
CREATE INDEX `vm_archive_archived_idx` ON `vm_archive` (`archived_at`);--> statement-breakpoint
CREATE TABLE `vm_event_archive` (
	`id` integer PRIMARY KEY NOT NULL,
	`vm_id` integer NOT NULL,
	`cloud_id` integer NOT NULL,
	`at` integer NOT NULL,
	`from_state` text,
	`to_state` text NOT NULL,
	`raw_state` text NOT NULL,
	FOREIGN KEY (`vm_id`) REFERENCES `vm_archive`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `vm_event_archive_vm_idx` ON `vm_event_archive` (`vm_id`,`at`);--> statement-breakpoint
ALTER TABLE `site_param_version` ADD `comment` text;