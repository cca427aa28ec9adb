CREATE TABLE `events` (
	`sequence` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` text DEFAULT ('evt_' || printf('%012x', CAST(unixepoch('subsec') * 1000 AS INTEGER)) || lower(hex(randomblob(10)))) NOT NULL,
	`type` text NOT NULL,
	`occurred_at` integer NOT NULL,
	`institution_id` integer NOT NULL,
	`issuer_id` integer,
	`payload` text NOT NULL,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`issuer_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `events_event_id_unique` ON `events` (`event_id`);--> statement-breakpoint
CREATE INDEX `events_institution_idx` ON `events` (`institution_id`,`sequence`);--> statement-breakpoint
CREATE INDEX `events_issuer_idx` ON `events` (`issuer_id`,`sequence`);--> statement-breakpoint
CREATE TABLE `learner_target_met` (
	`learner_id` integer NOT NULL,
	`year` integer NOT NULL,
	PRIMARY KEY(`learner_id`, `year`),
	FOREIGN KEY (`learner_id`) REFERENCES `learners`(`id`) ON UPDATE no action ON DELETE no action
);
