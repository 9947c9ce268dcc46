CREATE TABLE `cloud` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`endpoint` text NOT NULL,
	`region` text,
	`credentials_enc` text NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`context_method` text DEFAULT 'cloud-init' NOT NULL,
	`cost_per_core_hour` real DEFAULT 0 NOT NULL,
	`poll_vms_sec` integer DEFAULT 60 NOT NULL,
	`poll_limits_sec` integer DEFAULT 30 NOT NULL,
	`poll_images_sec` integer DEFAULT 300 NOT NULL,
	`timeout_ms` integer DEFAULT 10000 NOT NULL,
	`status` text DEFAULT 'unknown' NOT NULL,
	`status_reason` text,
	`status_since` integer,
	`demo` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cloud_name_unique` ON `cloud` (`name`);--> statement-breakpoint
CREATE TABLE `cloud_image` (
	`cloud_id` integer NOT NULL,
	`provider_id` text NOT NULL,
	`name` text NOT NULL,
	`status` text NOT NULL,
	`size_bytes` integer,
	`checksum` text,
	`os` text,
	`seen_at` integer NOT NULL,
	PRIMARY KEY(`cloud_id`, `provider_id`),
	FOREIGN KEY (`cloud_id`) REFERENCES `cloud`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `flavor` (
	`cloud_id` integer NOT NULL,
	`provider_id` text NOT NULL,
	`name` text NOT NULL,
	`vcpus` integer NOT NULL,
	`ram_mb` integer NOT NULL,
	`disk_gb` integer NOT NULL,
	`seen_at` integer NOT NULL,
	PRIMARY KEY(`cloud_id`, `provider_id`),
	FOREIGN KEY (`cloud_id`) REFERENCES `cloud`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `poll_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`cloud_id` integer NOT NULL,
	`resource` text NOT NULL,
	`at` integer NOT NULL,
	`ok` integer NOT NULL,
	`latency_ms` integer NOT NULL,
	`error` text,
	FOREIGN KEY (`cloud_id`) REFERENCES `cloud`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `poll_log_cloud_at_idx` ON `poll_log` (`cloud_id`,`at`);--> statement-breakpoint
CREATE TABLE `poll_state` (
	`cloud_id` integer NOT NULL,
	`resource` text NOT NULL,
	`last_attempt_at` integer,
	`last_success_at` integer,
	`last_latency_ms` integer,
	`last_error` text,
	`last_error_at` integer,
	`consecutive_failures` integer DEFAULT 0 NOT NULL,
	`next_due_at` integer NOT NULL,
	PRIMARY KEY(`cloud_id`, `resource`),
	FOREIGN KEY (`cloud_id`) REFERENCES `cloud`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `quota` (
	`cloud_id` integer NOT NULL,
	`resource` text NOT NULL,
	`used` integer NOT NULL,
	`limit` integer,
	`seen_at` integer NOT NULL,
	PRIMARY KEY(`cloud_id`, `resource`),
	FOREIGN KEY (`cloud_id`) REFERENCES `cloud`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `sample_hour` (
	`cloud_id` integer NOT NULL,
	`ts` integer NOT NULL,
	`requested` real DEFAULT 0 NOT NULL,
	`booting` real DEFAULT 0 NOT NULL,
	`running` real DEFAULT 0 NOT NULL,
	`draining` real DEFAULT 0 NOT NULL,
	`error` real DEFAULT 0 NOT NULL,
	`lost` real DEFAULT 0 NOT NULL,
	`poll_latency_ms` real DEFAULT 0 NOT NULL,
	`polls` integer DEFAULT 0 NOT NULL,
	`poll_errors` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`ts`, `cloud_id`),
	FOREIGN KEY (`cloud_id`) REFERENCES `cloud`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `sample_minute` (
	`cloud_id` integer NOT NULL,
	`ts` integer NOT NULL,
	`requested` real DEFAULT 0 NOT NULL,
	`booting` real DEFAULT 0 NOT NULL,
	`running` real DEFAULT 0 NOT NULL,
	`draining` real DEFAULT 0 NOT NULL,
	`error` real DEFAULT 0 NOT NULL,
	`lost` real DEFAULT 0 NOT NULL,
	`poll_latency_ms` real DEFAULT 0 NOT NULL,
	`polls` integer DEFAULT 0 NOT NULL,
	`poll_errors` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`ts`, `cloud_id`),
	FOREIGN KEY (`cloud_id`) REFERENCES `cloud`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `site_param` (
	`cloud_id` integer NOT NULL,
	`key` text NOT NULL,
	`value` text NOT NULL,
	PRIMARY KEY(`cloud_id`, `key`),
	FOREIGN KEY (`cloud_id`) REFERENCES `cloud`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `vm` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
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
	`destroy_requested_at` integer,
	`terminated_at` integer,
	`last_seen_at` integer NOT NULL,
	`state_changed_at` integer NOT NULL,
	`stale` integer DEFAULT false NOT NULL,
	`last_error` text,
	FOREIGN KEY (`cloud_id`) REFERENCES `cloud`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `vm_cloud_provider_idx` ON `vm` (`cloud_id`,`provider_id`);--> statement-breakpoint
CREATE INDEX `vm_cloud_state_idx` ON `vm` (`cloud_id`,`state`);--> statement-breakpoint
CREATE INDEX `vm_state_idx` ON `vm` (`state`,`cloud_id`);--> statement-breakpoint
CREATE INDEX `vm_queue_idx` ON `vm` (`queue`);--> statement-breakpoint
CREATE INDEX `vm_name_idx` ON `vm` (`name`);--> statement-breakpoint
CREATE INDEX `vm_changed_idx` ON `vm` (`state_changed_at`);--> statement-breakpoint
CREATE TABLE `vm_event` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`vm_id` integer NOT NULL,
	`cloud_id` integer NOT NULL,
	`at` integer NOT NULL,
	`from_state` text,
	`to_state` text NOT NULL,
	`raw_state` text NOT NULL,
	FOREIGN KEY (`vm_id`) REFERENCES `vm`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `vm_event_vm_idx` ON `vm_event` (`vm_id`,`at`);--> statement-breakpoint
CREATE INDEX `vm_event_at_idx` ON `vm_event` (`at`);--> statement-breakpoint
CREATE TABLE `worker_heartbeat` (
	`id` text PRIMARY KEY NOT NULL,
	`pid` integer NOT NULL,
	`beat_at` integer NOT NULL,
	`started_at` integer NOT NULL
);
