ALTER TABLE `curriculum_changes` ADD `status` text DEFAULT 'DRAFT' NOT NULL;
--> statement-breakpoint
-- The status each past change left is not recorded; the curriculum's status now is the best guess.
UPDATE `curriculum_changes` SET `status` = (SELECT c.`status` FROM `curricula` c WHERE c.`id` = `curriculum_changes`.`curriculum_id`);
