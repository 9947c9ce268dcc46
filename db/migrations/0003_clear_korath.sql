CREATE TABLE `endorser` (
	`id` integer PRIMARY KEY NOT NULL,
	`cert_pem` text NOT NULL,
	`key_enc` text,
	`key_path` text,
	`ca_pem` text NOT NULL,
	`subject_dn` text NOT NULL,
	`issuer_dn` text NOT NULL,
	`email` text DEFAULT '' NOT NULL,
	`not_after` integer NOT NULL,
	`installed_by_name` text NOT NULL,
	`installed_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `image` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`external_endorser_dn` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `image_name_unique` ON `image` (`name`);--> statement-breakpoint
CREATE TABLE `image_list` (
	`channel` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	`identifier` text NOT NULL,
	`body` text NOT NULL,
	`etag` text NOT NULL,
	`issued_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`image_count` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `image_version` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`image_id` integer NOT NULL,
	`version` text NOT NULL,
	`identifier` text NOT NULL,
	`state` text NOT NULL,
	`os` text NOT NULL,
	`os_version` text NOT NULL,
	`arch` text NOT NULL,
	`hypervisor` text NOT NULL,
	`disk_format` text NOT NULL,
	`size_bytes` integer NOT NULL,
	`sha512` text NOT NULL,
	`sha256` text,
	`source_uri` text,
	`context_method` text NOT NULL,
	`min_cores` integer DEFAULT 1 NOT NULL,
	`min_ram_mb` integer DEFAULT 0 NOT NULL,
	`release_notes` text DEFAULT '' NOT NULL,
	`file_name` text,
	`submitted_by_id` text,
	`submitted_by_name` text NOT NULL,
	`submitted_at` integer NOT NULL,
	`decided_by_name` text,
	`decided_at` integer,
	`decision_reason` text,
	`channel` text,
	`endorsed_at` integer,
	`revoked_by_name` text,
	`revoked_at` integer,
	`revoke_reason` text,
	`expires_at` integer,
	`endorser_dn` text,
	`source_list_id` text,
	FOREIGN KEY (`image_id`) REFERENCES `image`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `image_version_identifier_unique` ON `image_version` (`identifier`);--> statement-breakpoint
CREATE UNIQUE INDEX `image_version_idx` ON `image_version` (`image_id`,`version`);--> statement-breakpoint
CREATE INDEX `image_version_state_idx` ON `image_version` (`state`);--> statement-breakpoint
CREATE INDEX `image_version_channel_idx` ON `image_version` (`channel`,`state`);--> statement-breakpoint
CREATE TABLE `imported_list` (
	`identifier` text PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`version` text NOT NULL,
	`endorser_dn` text NOT NULL,
	`expires_at` integer NOT NULL,
	`imported_by_name` text NOT NULL,
	`imported_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `trusted_endorser` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`ca_pem` text NOT NULL,
	`allowed_dn` text NOT NULL,
	`created_by_name` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `trusted_endorser_name_unique` ON `trusted_endorser` (`name`);