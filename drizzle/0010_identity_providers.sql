CREATE TABLE `identity_providers` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`issuer` text NOT NULL,
	`audience` text NOT NULL,
	`institution_id` integer NOT NULL,
	`nip_claim` text NOT NULL,
	`email_claim` text NOT NULL,
	`create_learners` integer NOT NULL,
	`active` integer DEFAULT 1 NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`created_by` text,
	`last_sign_in_at` integer,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `identity_providers_issuer_audience_unique` ON `identity_providers` (`issuer`,`audience`);--> statement-breakpoint
CREATE INDEX `identity_providers_institution_idx` ON `identity_providers` (`institution_id`);--> statement-breakpoint
ALTER TABLE `api_tokens` ADD `expires_at` integer;--> statement-breakpoint
ALTER TABLE `api_tokens` ADD `last_used_at` integer;