CREATE TABLE "autoscale_pause" (
	"id" text PRIMARY KEY NOT NULL,
	"paused" bigint NOT NULL,
	"reason" text,
	"by_name" text NOT NULL,
	"at" bigint NOT NULL
);
