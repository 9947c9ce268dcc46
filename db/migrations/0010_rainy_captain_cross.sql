CREATE TABLE `alert` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`rule_id` integer NOT NULL,
	`cloud_id` integer NOT NULL,
	`state` text NOT NULL,
	`severity` text NOT NULL,
	`value` real NOT NULL,
	`summary` text NOT NULL,
	`pending_since` integer NOT NULL,
	`fired_at` integer,
	`clear_since` integer,
	`ack_by` text,
	`ack_comment` text,
	`ack_at` integer,
	`silenced_until` integer,
	`resolved_at` integer,
	FOREIGN KEY (`rule_id`) REFERENCES `alert_rule`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`cloud_id`) REFERENCES `cloud`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `alert_state_idx` ON `alert` (`state`,`cloud_id`);--> statement-breakpoint
CREATE INDEX `alert_cloud_idx` ON `alert` (`cloud_id`,`pending_since`);--> statement-breakpoint
CREATE TABLE `alert_delivery` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`alert_id` integer NOT NULL,
	`receiver` text NOT NULL,
	`event` text NOT NULL,
	`payload` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	`created_at` integer NOT NULL,
	`delivered_at` integer,
	FOREIGN KEY (`alert_id`) REFERENCES `alert`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `alert_delivery_due_idx` ON `alert_delivery` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `alert_delivery_alert_idx` ON `alert_delivery` (`alert_id`);--> statement-breakpoint
CREATE TABLE `alert_rule` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`signal` text NOT NULL,
	`threshold` real NOT NULL,
	`for_sec` integer NOT NULL,
	`severity` text NOT NULL,
	`runbook_url` text,
	`enabled` integer DEFAULT true NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `alert_rule_signal_unique` ON `alert_rule` (`signal`);--> statement-breakpoint
CREATE TABLE `alert_transition` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`alert_id` integer NOT NULL,
	`at` integer NOT NULL,
	`from_state` text,
	`to_state` text NOT NULL,
	`by_name` text,
	`comment` text,
	FOREIGN KEY (`alert_id`) REFERENCES `alert`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `alert_transition_alert_idx` ON `alert_transition` (`alert_id`,`at`);--> statement-breakpoint
CREATE INDEX `vm_event_cloud_at_idx` ON `vm_event` (`cloud_id`,`at`);