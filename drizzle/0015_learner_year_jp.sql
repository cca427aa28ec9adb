-- Yearly JP per learner (issue 18): see learnerYearJp in src/db/schema/certificates.ts.
CREATE TABLE `learner_year_jp` (
	`learner_id` integer NOT NULL,
	`year` integer NOT NULL,
	`earned_jp` integer NOT NULL,
	`certificates` integer NOT NULL,
	PRIMARY KEY(`learner_id`, `year`),
	FOREIGN KEY (`learner_id`) REFERENCES `learners`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
-- Triggers keep learner_year_jp equal to the sum of VALID certificates per learner and activity
-- year, in the statement that changes a certificate, whichever code path writes it.
CREATE TRIGGER `learner_year_jp_insert` AFTER INSERT ON `certificates` WHEN new.`status` = 'VALID' BEGIN
  INSERT INTO `learner_year_jp` (`learner_id`, `year`, `earned_jp`, `certificates`) VALUES (new.`learner_id`, new.`activity_year`, new.`jp`, 1)
    ON CONFLICT (`learner_id`, `year`) DO UPDATE SET `earned_jp` = `earned_jp` + excluded.`earned_jp`, `certificates` = `certificates` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `learner_year_jp_update` AFTER UPDATE OF `status`, `jp`, `learner_id`, `activity_year` ON `certificates` BEGIN
  UPDATE `learner_year_jp` SET `earned_jp` = `earned_jp` - old.`jp`, `certificates` = `certificates` - 1
    WHERE old.`status` = 'VALID' AND `learner_id` = old.`learner_id` AND `year` = old.`activity_year`;
  INSERT INTO `learner_year_jp` (`learner_id`, `year`, `earned_jp`, `certificates`) SELECT new.`learner_id`, new.`activity_year`, new.`jp`, 1 WHERE new.`status` = 'VALID'
    ON CONFLICT (`learner_id`, `year`) DO UPDATE SET `earned_jp` = `earned_jp` + excluded.`earned_jp`, `certificates` = `certificates` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `learner_year_jp_delete` AFTER DELETE ON `certificates` WHEN old.`status` = 'VALID' BEGIN
  UPDATE `learner_year_jp` SET `earned_jp` = `earned_jp` - old.`jp`, `certificates` = `certificates` - 1
    WHERE `learner_id` = old.`learner_id` AND `year` = old.`activity_year`;
END;
--> statement-breakpoint
INSERT INTO `learner_year_jp` (`learner_id`, `year`, `earned_jp`, `certificates`)
  SELECT `learner_id`, `activity_year`, sum(`jp`), count(*) FROM `certificates` WHERE `status` = 'VALID' GROUP BY `learner_id`, `activity_year`;
