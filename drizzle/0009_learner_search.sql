-- Learner search: a trigram index over name and e-mail, so a case-insensitive substring
-- search reads posting lists instead of every learner. External content: the text lives
-- in learners only; the triggers keep the index current and the last statement fills it.
CREATE VIRTUAL TABLE `learner_search` USING fts5(`name`, `email`, content='learners', content_rowid='id', tokenize='trigram remove_diacritics 1');
--> statement-breakpoint
CREATE TRIGGER `learner_search_insert` AFTER INSERT ON `learners` BEGIN
  INSERT INTO `learner_search`(rowid, `name`, `email`) VALUES (new.`id`, new.`name`, new.`email`);
END;
--> statement-breakpoint
CREATE TRIGGER `learner_search_delete` AFTER DELETE ON `learners` BEGIN
  INSERT INTO `learner_search`(`learner_search`, rowid, `name`, `email`) VALUES ('delete', old.`id`, old.`name`, old.`email`);
END;
--> statement-breakpoint
CREATE TRIGGER `learner_search_update` AFTER UPDATE OF `name`, `email` ON `learners` BEGIN
  INSERT INTO `learner_search`(`learner_search`, rowid, `name`, `email`) VALUES ('delete', old.`id`, old.`name`, old.`email`);
  INSERT INTO `learner_search`(rowid, `name`, `email`) VALUES (new.`id`, new.`name`, new.`email`);
END;
--> statement-breakpoint
INSERT INTO `learner_search`(`learner_search`) VALUES ('rebuild');
