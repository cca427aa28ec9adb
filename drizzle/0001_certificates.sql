CREATE TABLE `assessment_scores` (
	`id` integer PRIMARY KEY NOT NULL,
	`assessment_id` integer NOT NULL,
	`learner_id` integer NOT NULL,
	`score` real NOT NULL,
	`submitted_at` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`assessment_id`) REFERENCES `assessments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`learner_id`) REFERENCES `learners`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `assessment_scores_unique` ON `assessment_scores` (`assessment_id`,`learner_id`);--> statement-breakpoint
CREATE INDEX `assessment_scores_learner_idx` ON `assessment_scores` (`learner_id`);--> statement-breakpoint
CREATE TABLE `assessments` (
	`id` integer PRIMARY KEY NOT NULL,
	`subject_type` text NOT NULL,
	`subject_id` integer NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`max_score` real NOT NULL,
	`passing_score` real,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `assessments_subject_idx` ON `assessments` (`subject_type`,`subject_id`,`kind`);--> statement-breakpoint
CREATE TABLE `certificate_criteria` (
	`rule_id` integer NOT NULL,
	`position` integer NOT NULL,
	`kind` text NOT NULL,
	`threshold` real,
	`assessment_kind` text,
	PRIMARY KEY(`rule_id`, `position`),
	FOREIGN KEY (`rule_id`) REFERENCES `certificate_rules`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `certificate_rules` (
	`id` integer PRIMARY KEY NOT NULL,
	`institution_id` integer NOT NULL,
	`code` text NOT NULL,
	`version` integer NOT NULL,
	`name` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `certificate_rules_code_version` ON `certificate_rules` (`code`,`version`);--> statement-breakpoint
CREATE TABLE `certificate_sequences` (
	`issuer_id` integer NOT NULL,
	`year` integer NOT NULL,
	`last_no` integer NOT NULL,
	PRIMARY KEY(`issuer_id`, `year`),
	FOREIGN KEY (`issuer_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `certificates` (
	`id` integer PRIMARY KEY NOT NULL,
	`number` text NOT NULL,
	`verification_code` text NOT NULL,
	`subject_type` text NOT NULL,
	`subject_id` integer NOT NULL,
	`learner_id` integer NOT NULL,
	`issuer_id` integer NOT NULL,
	`rule_id` integer,
	`title` text NOT NULL,
	`jp` integer NOT NULL,
	`activity_date` text NOT NULL,
	`activity_year` integer NOT NULL,
	`issued_at` integer NOT NULL,
	`sequence_year` integer NOT NULL,
	`sequence_no` integer NOT NULL,
	`status` text DEFAULT 'VALID' NOT NULL,
	`revoked_at` integer,
	`revocation_reason` text,
	FOREIGN KEY (`learner_id`) REFERENCES `learners`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`issuer_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`rule_id`) REFERENCES `certificate_rules`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `certificates_number_unique` ON `certificates` (`number`);--> statement-breakpoint
CREATE UNIQUE INDEX `certificates_verification_code_unique` ON `certificates` (`verification_code`);--> statement-breakpoint
CREATE UNIQUE INDEX `certificates_issuer_sequence_unique` ON `certificates` (`issuer_id`,`sequence_year`,`sequence_no`);--> statement-breakpoint
CREATE UNIQUE INDEX `certificates_one_valid_per_subject` ON `certificates` (`subject_type`,`subject_id`,`learner_id`) WHERE "certificates"."status" = 'VALID';--> statement-breakpoint
CREATE INDEX `certificates_learner_year_idx` ON `certificates` (`learner_id`,`activity_year`,`status`);--> statement-breakpoint
CREATE INDEX `certificates_learner_issued_idx` ON `certificates` (`learner_id`,`issued_at`,`id`);--> statement-breakpoint
CREATE INDEX `certificates_subject_idx` ON `certificates` (`subject_type`,`subject_id`);