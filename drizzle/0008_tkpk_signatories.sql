CREATE TABLE `certificate_signatories` (
	`institution_id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`position` text NOT NULL,
	`nip` text NOT NULL,
	`logo` blob,
	`logo_type` text,
	`revision` integer DEFAULT 1 NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `curriculum_tkpk_tags` (
	`curriculum_id` integer NOT NULL,
	`tag` text NOT NULL,
	PRIMARY KEY(`curriculum_id`, `tag`),
	FOREIGN KEY (`curriculum_id`) REFERENCES `curricula`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `curriculum_tkpk_tags_tag_idx` ON `curriculum_tkpk_tags` (`tag`,`curriculum_id`);--> statement-breakpoint
CREATE TABLE `session_tkpk_tags` (
	`session_id` integer NOT NULL,
	`tag` text NOT NULL,
	PRIMARY KEY(`session_id`, `tag`),
	FOREIGN KEY (`session_id`) REFERENCES `webinar_sessions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `session_tkpk_tags_tag_idx` ON `session_tkpk_tags` (`tag`,`session_id`);