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
	`paused` integer DEFAULT false NOT NULL,
	`operator_reason` text,
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
	`drain_deadline_at` integer,
	`destroy_requested_at` integer,
	`terminated_at` integer,
	`last_seen_at` integer NOT NULL,
	`state_changed_at` integer NOT NULL,
	`stale` integer DEFAULT false NOT NULL,
	`last_error` text,
	`launch_action_id` integer,
	FOREIGN KEY (`cloud_id`) REFERENCES `cloud`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `vm_cloud_provider_idx` ON `vm` (`cloud_id`,`provider_id`);--> statement-breakpoint
CREATE INDEX `vm_cloud_state_idx` ON `vm` (`cloud_id`,`state`,`stale`);--> statement-breakpoint
CREATE INDEX `vm_state_name_idx` ON `vm` (`state`,`name`);--> statement-breakpoint
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
--> statement-breakpoint
CREATE TABLE `action` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`idempotency_key` text NOT NULL,
	`cloud_id` integer,
	`requested_by_id` text NOT NULL,
	`requested_by_name` text NOT NULL,
	`requested_at` integer NOT NULL,
	`params` text NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`claimed_by` text,
	`lease_until` integer,
	`not_before` integer,
	`started_at` integer,
	`finished_at` integer,
	`error` text,
	`total` integer DEFAULT 0 NOT NULL,
	`succeeded` integer DEFAULT 0 NOT NULL,
	`failed` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `action_idempotency_idx` ON `action` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `action_status_idx` ON `action` (`status`,`not_before`);--> statement-breakpoint
CREATE INDEX `action_requested_idx` ON `action` (`requested_at`);--> statement-breakpoint
CREATE TABLE `action_item` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`action_id` integer NOT NULL,
	`seq` integer NOT NULL,
	`cloud_id` integer NOT NULL,
	`vm_id` integer,
	`token` text,
	`provider_id` text,
	`status` text DEFAULT 'queued' NOT NULL,
	`vm_state_at_request` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`error` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`action_id`) REFERENCES `action`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `action_item_seq_idx` ON `action_item` (`action_id`,`seq`);--> statement-breakpoint
CREATE INDEX `action_item_vm_idx` ON `action_item` (`vm_id`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`actor_id` text,
	`actor_name` text NOT NULL,
	`actor_role` text,
	`ip` text,
	`verb` text NOT NULL,
	`target_type` text NOT NULL,
	`target_id` text,
	`summary` text NOT NULL,
	`before` text,
	`after` text
);
--> statement-breakpoint
CREATE INDEX `audit_at_idx` ON `audit_log` (`at`);--> statement-breakpoint
CREATE INDEX `audit_verb_idx` ON `audit_log` (`verb`,`at`);--> statement-breakpoint
CREATE INDEX `audit_actor_idx` ON `audit_log` (`actor_name`,`at`);--> statement-breakpoint
CREATE INDEX `audit_target_idx` ON `audit_log` (`target_type`,`target_id`);--> statement-breakpoint
CREATE TABLE `site_param_version` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`cloud_id` integer NOT NULL,
	`version` integer NOT NULL,
	`params` text NOT NULL,
	`created_by_id` text,
	`created_by_name` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `site_param_version_idx` ON `site_param_version` (`cloud_id`,`version`);--> statement-breakpoint
CREATE TABLE `account` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`provider_id` text NOT NULL,
	`user_id` text NOT NULL,
	`access_token` text,
	`refresh_token` text,
	`id_token` text,
	`access_token_expires_at` integer,
	`refresh_token_expires_at` integer,
	`scope` text,
	`password` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `account_user_idx` ON `account` (`user_id`);--> statement-breakpoint
CREATE TABLE `rate_limit` (
	`id` text PRIMARY KEY NOT NULL,
	`key` text NOT NULL,
	`count` integer NOT NULL,
	`last_request` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `rate_limit_key_unique` ON `rate_limit` (`key`);--> statement-breakpoint
CREATE TABLE `session` (
	`id` text PRIMARY KEY NOT NULL,
	`token` text NOT NULL,
	`user_id` text NOT NULL,
	`expires_at` integer NOT NULL,
	`ip_address` text,
	`user_agent` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `session_token_unique` ON `session` (`token`);--> statement-breakpoint
CREATE INDEX `session_user_idx` ON `session` (`user_id`);--> statement-breakpoint
CREATE TABLE `user` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`email` text NOT NULL,
	`email_verified` integer DEFAULT false NOT NULL,
	`image` text,
	`username` text,
	`display_username` text,
	`role` text DEFAULT 'shifter' NOT NULL,
	`disabled` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `user_email_unique` ON `user` (`email`);--> statement-breakpoint
CREATE UNIQUE INDEX `user_username_unique` ON `user` (`username`);--> statement-breakpoint
CREATE TABLE `verification` (
	`id` text PRIMARY KEY NOT NULL,
	`identifier` text NOT NULL,
	`value` text NOT NULL,
	`expires_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `verification_identifier_idx` ON `verification` (`identifier`);