CREATE TABLE `work_lease` (
	`name` text PRIMARY KEY NOT NULL,
	`owner` text NOT NULL,
	`until` integer NOT NULL,
	`acquired_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `work_lease_owner_idx` ON `work_lease` (`owner`);--> statement-breakpoint
ALTER TABLE `worker_heartbeat` ADD `hostname` text;