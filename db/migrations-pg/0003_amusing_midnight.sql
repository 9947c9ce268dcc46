CREATE TABLE "sign_in_throttle" (
	"key" text PRIMARY KEY NOT NULL,
	"username" text,
	"failures" bigint DEFAULT 0 NOT NULL,
	"last_failure_at" bigint DEFAULT 0 NOT NULL,
	"last_success_at" bigint
);
