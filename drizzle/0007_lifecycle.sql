ALTER TABLE `institutions` ADD `time_zone` text;--> statement-breakpoint
ALTER TABLE `institutions` ADD `revision` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `learners` ADD `participant_category` text;--> statement-breakpoint
ALTER TABLE `learners` ADD `active` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `learners` ADD `deactivated_at` integer;--> statement-breakpoint
ALTER TABLE `learners` ADD `revision` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `cohorts` ADD `cancelled_at` integer;--> statement-breakpoint
ALTER TABLE `cohorts` ADD `cancellation_reason` text;--> statement-breakpoint
ALTER TABLE `cohorts` ADD `revision` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `enrollments` ADD `withdrawn_at` integer;--> statement-breakpoint
ALTER TABLE `enrollments` ADD `withdrawal_reason` text;--> statement-breakpoint
ALTER TABLE `unmatched_attendance_rows` ADD `dismissed_at` integer;--> statement-breakpoint
ALTER TABLE `unmatched_attendance_rows` ADD `dismissal_reason` text;--> statement-breakpoint
ALTER TABLE `webinar_sessions` ADD `status` text DEFAULT 'SCHEDULED' NOT NULL;--> statement-breakpoint
ALTER TABLE `webinar_sessions` ADD `cancelled_at` integer;--> statement-breakpoint
ALTER TABLE `webinar_sessions` ADD `cancellation_reason` text;--> statement-breakpoint
ALTER TABLE `webinar_sessions` ADD `revision` integer DEFAULT 1 NOT NULL;