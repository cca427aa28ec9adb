CREATE TABLE `attendance_imports` (
	`id` integer PRIMARY KEY NOT NULL,
	`session_id` integer NOT NULL,
	`file_name` text NOT NULL,
	`sha256` text NOT NULL,
	`layout` text NOT NULL,
	`rows_total` integer NOT NULL,
	`rows_matched` integer NOT NULL,
	`rows_unmatched` integer NOT NULL,
	`rows_invalid` integer NOT NULL,
	`rows_skipped` integer NOT NULL,
	`errors` text NOT NULL,
	`imported_by` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `webinar_sessions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `attendance_imports_session_sha_unique` ON `attendance_imports` (`session_id`,`sha256`);--> statement-breakpoint
CREATE TABLE `attendance_records` (
	`id` integer PRIMARY KEY NOT NULL,
	`session_id` integer NOT NULL,
	`learner_id` integer NOT NULL,
	`source` text NOT NULL,
	`minutes` integer NOT NULL,
	`joined_at` integer,
	`recorded_by` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `webinar_sessions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`learner_id`) REFERENCES `learners`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `attendance_records_session_learner_idx` ON `attendance_records` (`session_id`,`learner_id`);--> statement-breakpoint
CREATE TABLE `session_attendance` (
	`session_id` integer NOT NULL,
	`learner_id` integer NOT NULL,
	`minutes` integer NOT NULL,
	`source` text NOT NULL,
	`first_join_at` integer,
	`last_leave_at` integer,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`session_id`, `learner_id`),
	FOREIGN KEY (`session_id`) REFERENCES `webinar_sessions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`learner_id`) REFERENCES `learners`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `session_attendance_learner_idx` ON `session_attendance` (`learner_id`,`session_id`);--> statement-breakpoint
CREATE TABLE `unmatched_attendance_rows` (
	`id` integer PRIMARY KEY NOT NULL,
	`import_id` integer NOT NULL,
	`session_id` integer NOT NULL,
	`line` integer NOT NULL,
	`display_name` text NOT NULL,
	`email` text,
	`nip` text,
	`joined_at` integer,
	`left_at` integer,
	`minutes` integer NOT NULL,
	`raw` text NOT NULL,
	`resolved_learner_id` integer,
	`resolved_at` integer,
	FOREIGN KEY (`import_id`) REFERENCES `attendance_imports`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`session_id`) REFERENCES `webinar_sessions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`resolved_learner_id`) REFERENCES `learners`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `unmatched_attendance_session_idx` ON `unmatched_attendance_rows` (`session_id`,`resolved_learner_id`,`id`);--> statement-breakpoint
CREATE TABLE `webinar_series` (
	`id` integer PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`title` text NOT NULL,
	`description` text,
	`organizer_id` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`organizer_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `webinar_series_code_unique` ON `webinar_series` (lower("code"));--> statement-breakpoint
CREATE INDEX `webinar_series_organizer_idx` ON `webinar_series` (`organizer_id`);--> statement-breakpoint
CREATE TABLE `webinar_session_channels` (
	`id` integer PRIMARY KEY NOT NULL,
	`session_id` integer NOT NULL,
	`position` integer NOT NULL,
	`platform` text NOT NULL,
	`url` text,
	FOREIGN KEY (`session_id`) REFERENCES `webinar_sessions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `webinar_session_channels_position_unique` ON `webinar_session_channels` (`session_id`,`position`);--> statement-breakpoint
CREATE TABLE `webinar_session_competencies` (
	`session_id` integer NOT NULL,
	`competency_code` text NOT NULL,
	PRIMARY KEY(`session_id`, `competency_code`),
	FOREIGN KEY (`session_id`) REFERENCES `webinar_sessions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `webinar_session_competencies_code_idx` ON `webinar_session_competencies` (`competency_code`,`session_id`);--> statement-breakpoint
CREATE TABLE `webinar_sessions` (
	`id` integer PRIMARY KEY NOT NULL,
	`series_id` integer NOT NULL,
	`number` integer NOT NULL,
	`title` text NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`utc_offset_minutes` integer NOT NULL,
	`jp` integer NOT NULL,
	`certificate_rule_code` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`series_id`) REFERENCES `webinar_series`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `webinar_sessions_series_number_unique` ON `webinar_sessions` (`series_id`,`number`);--> statement-breakpoint
CREATE INDEX `webinar_sessions_starts_idx` ON `webinar_sessions` (`starts_at`,`id`);--> statement-breakpoint
CREATE TABLE `zoom_intervals` (
	`id` integer PRIMARY KEY NOT NULL,
	`import_id` integer NOT NULL,
	`session_id` integer NOT NULL,
	`learner_id` integer NOT NULL,
	`line` integer NOT NULL,
	`joined_at` integer,
	`left_at` integer,
	`minutes` integer NOT NULL,
	FOREIGN KEY (`import_id`) REFERENCES `attendance_imports`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`session_id`) REFERENCES `webinar_sessions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`learner_id`) REFERENCES `learners`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `zoom_intervals_session_learner_idx` ON `zoom_intervals` (`session_id`,`learner_id`);