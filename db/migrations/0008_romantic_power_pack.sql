CREATE TABLE `autoscale_pause` (
	`id` text PRIMARY KEY NOT NULL,
	`paused` integer NOT NULL,
	`reason` text,
	`by_name` text NOT NULL,
	`at` integer NOT NULL
);
