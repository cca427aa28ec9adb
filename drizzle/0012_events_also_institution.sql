ALTER TABLE `events` ADD `also_institution_id` integer REFERENCES institutions(id);--> statement-breakpoint
CREATE INDEX `events_also_institution_idx` ON `events` (`also_institution_id`,`sequence`);--> statement-breakpoint
UPDATE `events` SET `also_institution_id` = `issuer_id` WHERE `issuer_id` IS NOT NULL;
