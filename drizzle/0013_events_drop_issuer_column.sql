PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_events` (
	`sequence` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` text DEFAULT ('evt_' || printf('%012x', CAST(unixepoch('subsec') * 1000 AS INTEGER)) || lower(hex(randomblob(10)))) NOT NULL,
	`type` text NOT NULL,
	`occurred_at` integer NOT NULL,
	`institution_id` integer NOT NULL,
	`also_institution_id` integer,
	`payload` text NOT NULL,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`also_institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_events`("sequence", "event_id", "type", "occurred_at", "institution_id", "also_institution_id", "payload") SELECT "sequence", "event_id", "type", "occurred_at", "institution_id", "also_institution_id", "payload" FROM `events`;--> statement-breakpoint
DROP TABLE `events`;--> statement-breakpoint
ALTER TABLE `__new_events` RENAME TO `events`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `events_event_id_unique` ON `events` (`event_id`);--> statement-breakpoint
CREATE INDEX `events_institution_idx` ON `events` (`institution_id`,`sequence`);--> statement-breakpoint
CREATE INDEX `events_also_institution_idx` ON `events` (`also_institution_id`,`sequence`);