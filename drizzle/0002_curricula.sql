CREATE TABLE `competencies` (
	`id` integer PRIMARY KEY NOT NULL,
	`framework_id` integer NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`group` text NOT NULL,
	`description` text,
	`position` integer NOT NULL,
	FOREIGN KEY (`framework_id`) REFERENCES `competency_frameworks`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `competencies_code_unique` ON `competencies` (`code`);--> statement-breakpoint
CREATE INDEX `competencies_framework_idx` ON `competencies` (`framework_id`,`position`);--> statement-breakpoint
CREATE TABLE `competency_assessments` (
	`id` integer PRIMARY KEY NOT NULL,
	`learner_id` integer NOT NULL,
	`competency_id` integer NOT NULL,
	`level` integer NOT NULL,
	`assessed_at` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`learner_id`) REFERENCES `learners`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`competency_id`) REFERENCES `competencies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `competency_assessments_unique` ON `competency_assessments` (`learner_id`,`competency_id`,`assessed_at`);--> statement-breakpoint
CREATE INDEX `competency_assessments_latest_idx` ON `competency_assessments` (`learner_id`,`competency_id`,"assessed_at" DESC);--> statement-breakpoint
CREATE TABLE `competency_frameworks` (
	`id` integer PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`version` integer NOT NULL,
	`name` text NOT NULL,
	`owner_id` integer,
	`content_hash` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`owner_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `competency_frameworks_code_unique` ON `competency_frameworks` (`code`);--> statement-breakpoint
CREATE TABLE `competency_levels` (
	`competency_id` integer NOT NULL,
	`level` integer NOT NULL,
	`description` text NOT NULL,
	PRIMARY KEY(`competency_id`, `level`),
	FOREIGN KEY (`competency_id`) REFERENCES `competencies`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `position_requirements` (
	`position_id` integer NOT NULL,
	`competency_id` integer NOT NULL,
	`level` integer NOT NULL,
	PRIMARY KEY(`position_id`, `competency_id`),
	FOREIGN KEY (`position_id`) REFERENCES `positions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`competency_id`) REFERENCES `competencies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `curricula` (
	`id` integer PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`version` integer NOT NULL,
	`revision` integer NOT NULL,
	`title` text NOT NULL,
	`description` text,
	`owner_id` integer NOT NULL,
	`status` text NOT NULL,
	`approach` text NOT NULL,
	`total_jp` integer NOT NULL,
	`content_hash` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`owner_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `curricula_code_version_unique` ON `curricula` (`code`,`version`);--> statement-breakpoint
CREATE INDEX `curricula_owner_idx` ON `curricula` (`owner_id`);--> statement-breakpoint
CREATE INDEX `curricula_status_idx` ON `curricula` (`status`,`code`,`version`);--> statement-breakpoint
CREATE TABLE `curriculum_changes` (
	`sequence` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`curriculum_id` integer NOT NULL,
	`change_type` text NOT NULL,
	`revision` integer NOT NULL,
	`changed_at` integer NOT NULL,
	FOREIGN KEY (`curriculum_id`) REFERENCES `curricula`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `curriculum_module_outcomes` (
	`module_id` integer NOT NULL,
	`outcome_id` integer NOT NULL,
	PRIMARY KEY(`module_id`, `outcome_id`),
	FOREIGN KEY (`module_id`) REFERENCES `curriculum_modules`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`outcome_id`) REFERENCES `curriculum_outcomes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `curriculum_modules` (
	`id` integer PRIMARY KEY NOT NULL,
	`curriculum_id` integer NOT NULL,
	`code` text NOT NULL,
	`title` text NOT NULL,
	`jp` integer NOT NULL,
	`delivery_mode` text NOT NULL,
	`sequence` integer NOT NULL,
	FOREIGN KEY (`curriculum_id`) REFERENCES `curricula`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `curriculum_modules_code_unique` ON `curriculum_modules` (`curriculum_id`,`code`);--> statement-breakpoint
CREATE INDEX `curriculum_modules_sequence_idx` ON `curriculum_modules` (`curriculum_id`,`sequence`);--> statement-breakpoint
CREATE TABLE `curriculum_outcomes` (
	`id` integer PRIMARY KEY NOT NULL,
	`curriculum_id` integer NOT NULL,
	`code` text NOT NULL,
	`statement` text NOT NULL,
	`competency_id` integer NOT NULL,
	`target_level` integer NOT NULL,
	`position` integer NOT NULL,
	FOREIGN KEY (`curriculum_id`) REFERENCES `curricula`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`competency_id`) REFERENCES `competencies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `curriculum_outcomes_code_unique` ON `curriculum_outcomes` (`curriculum_id`,`code`);--> statement-breakpoint
CREATE INDEX `curriculum_outcomes_competency_idx` ON `curriculum_outcomes` (`competency_id`,`target_level`);--> statement-breakpoint
CREATE TABLE `idempotency_keys` (
	`id` integer PRIMARY KEY NOT NULL,
	`scope` text NOT NULL,
	`operation` text NOT NULL,
	`key` text NOT NULL,
	`response` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `idempotency_keys_unique` ON `idempotency_keys` (`scope`,`operation`,`key`);--> statement-breakpoint
CREATE INDEX `idempotency_keys_created_idx` ON `idempotency_keys` (`created_at`);--> statement-breakpoint
CREATE TABLE `cohorts` (
	`id` integer PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`curriculum_id` integer NOT NULL,
	`institution_id` integer NOT NULL,
	`start_date` text NOT NULL,
	`end_date` text,
	`certificate_rule_code` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`curriculum_id`) REFERENCES `curricula`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cohorts_code_unique` ON `cohorts` (`code`);--> statement-breakpoint
CREATE INDEX `cohorts_curriculum_idx` ON `cohorts` (`curriculum_id`);--> statement-breakpoint
CREATE INDEX `cohorts_institution_idx` ON `cohorts` (`institution_id`);--> statement-breakpoint
CREATE TABLE `enrollments` (
	`id` integer PRIMARY KEY NOT NULL,
	`cohort_id` integer NOT NULL,
	`learner_id` integer NOT NULL,
	`status` text NOT NULL,
	`enrolled_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`completed_at` integer,
	FOREIGN KEY (`cohort_id`) REFERENCES `cohorts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`learner_id`) REFERENCES `learners`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `enrollments_cohort_learner_unique` ON `enrollments` (`cohort_id`,`learner_id`);--> statement-breakpoint
CREATE INDEX `enrollments_learner_idx` ON `enrollments` (`learner_id`);--> statement-breakpoint
CREATE TABLE `module_completions` (
	`id` integer PRIMARY KEY NOT NULL,
	`enrollment_id` integer NOT NULL,
	`module_id` integer NOT NULL,
	`completed_at` integer NOT NULL,
	`score` real,
	FOREIGN KEY (`enrollment_id`) REFERENCES `enrollments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`module_id`) REFERENCES `curriculum_modules`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `module_completions_unique` ON `module_completions` (`enrollment_id`,`module_id`);