ALTER TABLE `user` ADD `break_glass` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `api_token` ADD `read_audited_at` integer;