CREATE TABLE `session_registrations` (
	`session_id` integer NOT NULL,
	`learner_id` integer NOT NULL,
	`registered_by` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`session_id`, `learner_id`),
	FOREIGN KEY (`session_id`) REFERENCES `webinar_sessions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`learner_id`) REFERENCES `learners`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `session_registrations_learner_idx` ON `session_registrations` (`learner_id`,`session_id`);