CREATE TABLE `autoscale_pause` (
	`id` text PRIMARY KEY NOT NULL,
	`paused` integer NOT NULL,
	`reason` text,
	`by_name` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `autoscale_policy_version` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`queue_id` integer NOT NULL,
	`version` integer NOT NULL,
	`policy` text NOT NULL,
	`created_by_id` text,
	`created_by_name` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`queue_id`) REFERENCES `panda_queue`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `autoscale_policy_version_idx` ON `autoscale_policy_version` (`queue_id`,`version`);--> statement-breakpoint
CREATE TABLE `panda_queue` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`endpoint` text NOT NULL,
	`token_enc` text NOT NULL,
	`timeout_ms` integer DEFAULT 10000 NOT NULL,
	`poll_sec` integer DEFAULT 60 NOT NULL,
	`demo` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`activated` real DEFAULT 0 NOT NULL,
	`starting` real DEFAULT 0 NOT NULL,
	`running` real DEFAULT 0 NOT NULL,
	`holding` real DEFAULT 0 NOT NULL,
	`finished` real DEFAULT 0 NOT NULL,
	`failed` real DEFAULT 0 NOT NULL,
	`cancelled` real DEFAULT 0 NOT NULL,
	`counted_at` integer,
	`last_attempt_at` integer,
	`last_latency_ms` integer,
	`last_error` text,
	`last_error_at` integer,
	`consecutive_failures` integer DEFAULT 0 NOT NULL,
	`next_due_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `panda_queue_name_unique` ON `panda_queue` (`name`);--> statement-breakpoint
CREATE TABLE `panda_queue_cloud` (
	`queue_id` integer NOT NULL,
	`cloud_id` integer NOT NULL,
	PRIMARY KEY(`queue_id`, `cloud_id`),
	FOREIGN KEY (`queue_id`) REFERENCES `panda_queue`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`cloud_id`) REFERENCES `cloud`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `panda_queue_cloud_cloud_idx` ON `panda_queue_cloud` (`cloud_id`);--> statement-breakpoint
CREATE TABLE `queue_sample_hour` (
	`queue_id` integer NOT NULL,
	`ts` integer NOT NULL,
	`activated` real DEFAULT 0 NOT NULL,
	`starting` real DEFAULT 0 NOT NULL,
	`running` real DEFAULT 0 NOT NULL,
	`holding` real DEFAULT 0 NOT NULL,
	`finished` real DEFAULT 0 NOT NULL,
	`failed` real DEFAULT 0 NOT NULL,
	`cancelled` real DEFAULT 0 NOT NULL,
	`poll_latency_ms` real DEFAULT 0 NOT NULL,
	`polls` integer DEFAULT 0 NOT NULL,
	`poll_errors` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`ts`, `queue_id`),
	FOREIGN KEY (`queue_id`) REFERENCES `panda_queue`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `queue_sample_minute` (
	`queue_id` integer NOT NULL,
	`ts` integer NOT NULL,
	`activated` real DEFAULT 0 NOT NULL,
	`starting` real DEFAULT 0 NOT NULL,
	`running` real DEFAULT 0 NOT NULL,
	`holding` real DEFAULT 0 NOT NULL,
	`finished` real DEFAULT 0 NOT NULL,
	`failed` real DEFAULT 0 NOT NULL,
	`cancelled` real DEFAULT 0 NOT NULL,
	`poll_latency_ms` real DEFAULT 0 NOT NULL,
	`polls` integer DEFAULT 0 NOT NULL,
	`poll_errors` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`ts`, `queue_id`),
	FOREIGN KEY (`queue_id`) REFERENCES `panda_queue`(`id`) ON UPDATE no action ON DELETE cascade
);
