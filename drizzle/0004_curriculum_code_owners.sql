CREATE TABLE `curriculum_codes` (
	`code` text PRIMARY KEY NOT NULL,
	`owner_id` integer NOT NULL,
	FOREIGN KEY (`owner_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
-- A code belongs to the owner of its first version (written first). Versions another owner wrote
-- before this migration stay as rows, but reads by code skip them and their writers can no longer
-- change them; the code's owner takes such a version over by writing it.
INSERT INTO `curriculum_codes` (`code`, `owner_id`)
SELECT c.`code`, c.`owner_id` FROM `curricula` c WHERE c.`id` = (SELECT min(f.`id`) FROM `curricula` f WHERE f.`code` = c.`code`);
--> statement-breakpoint
-- One owner per code, whatever writes: a version must carry its code's claimed owner,
CREATE TRIGGER `curricula_code_owner_insert` BEFORE INSERT ON `curricula`
WHEN NEW.`owner_id` IS NOT (SELECT `owner_id` FROM `curriculum_codes` WHERE `code` = NEW.`code`)
BEGIN SELECT RAISE(ABORT, 'curriculum code belongs to another owner'); END;
--> statement-breakpoint
CREATE TRIGGER `curricula_code_owner_update` BEFORE UPDATE OF `code`, `owner_id` ON `curricula`
WHEN NEW.`owner_id` IS NOT (SELECT `owner_id` FROM `curriculum_codes` WHERE `code` = NEW.`code`)
BEGIN SELECT RAISE(ABORT, 'curriculum code belongs to another owner'); END;
--> statement-breakpoint
-- and a claim never changes hands nor goes while a version of its code exists.
CREATE TRIGGER `curriculum_codes_keep_owner` BEFORE UPDATE ON `curriculum_codes`
BEGIN SELECT RAISE(ABORT, 'a curriculum code keeps its owner'); END;
--> statement-breakpoint
CREATE TRIGGER `curriculum_codes_keep_claim` BEFORE DELETE ON `curriculum_codes`
WHEN EXISTS (SELECT 1 FROM `curricula` WHERE `code` = OLD.`code`)
BEGIN SELECT RAISE(ABORT, 'a curriculum code keeps its owner'); END;
