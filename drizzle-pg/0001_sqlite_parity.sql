-- What SQLite's migrations do beyond tables, in PostgreSQL's words (see drizzle/0004, 0009, 0015).
-- One owner per curriculum code, whatever writes (drizzle/0004_curriculum_code_owners.sql).
CREATE FUNCTION curricula_code_owner() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.owner_id IS DISTINCT FROM (SELECT owner_id FROM curriculum_codes WHERE code = NEW.code) THEN
    RAISE EXCEPTION 'curriculum code belongs to another owner';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER curricula_code_owner_insert BEFORE INSERT ON curricula FOR EACH ROW EXECUTE FUNCTION curricula_code_owner();
--> statement-breakpoint
CREATE TRIGGER curricula_code_owner_update BEFORE UPDATE OF code, owner_id ON curricula FOR EACH ROW EXECUTE FUNCTION curricula_code_owner();
--> statement-breakpoint
CREATE FUNCTION curriculum_codes_keep_owner() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' OR EXISTS (SELECT 1 FROM curricula WHERE code = OLD.code) THEN
    RAISE EXCEPTION 'a curriculum code keeps its owner';
  END IF;
  RETURN OLD;
END $$;
--> statement-breakpoint
CREATE TRIGGER curriculum_codes_keep_owner BEFORE UPDATE OR DELETE ON curriculum_codes FOR EACH ROW EXECUTE FUNCTION curriculum_codes_keep_owner();
--> statement-breakpoint
-- Yearly JP per learner, kept in the statement that changes a certificate (drizzle/0015_learner_year_jp.sql).
CREATE FUNCTION learner_year_jp_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = 'VALID' THEN
    UPDATE learner_year_jp SET earned_jp = earned_jp - OLD.jp, certificates = certificates - 1
      WHERE learner_id = OLD.learner_id AND year = OLD.activity_year;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status = 'VALID' THEN
    INSERT INTO learner_year_jp (learner_id, year, earned_jp, certificates) VALUES (NEW.learner_id, NEW.activity_year, NEW.jp, 1)
      ON CONFLICT (learner_id, year) DO UPDATE SET earned_jp = learner_year_jp.earned_jp + excluded.earned_jp, certificates = learner_year_jp.certificates + 1;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER learner_year_jp_insert AFTER INSERT ON certificates FOR EACH ROW EXECUTE FUNCTION learner_year_jp_follow();
--> statement-breakpoint
CREATE TRIGGER learner_year_jp_update AFTER UPDATE OF status, jp, learner_id, activity_year ON certificates FOR EACH ROW EXECUTE FUNCTION learner_year_jp_follow();
--> statement-breakpoint
CREATE TRIGGER learner_year_jp_delete AFTER DELETE ON certificates FOR EACH ROW EXECUTE FUNCTION learner_year_jp_follow();
--> statement-breakpoint
-- Learner search (drizzle/0009_learner_search.sql): SQLite keeps an FTS5 trigram table; here trigram
-- indexes on learners answer the same case-insensitive substring search, and learner_search is a
-- view with the FTS table's columns, so the queries name the same relation on both engines.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE INDEX learners_name_trgm_idx ON learners USING gin (name gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX learners_email_trgm_idx ON learners USING gin (email gin_trgm_ops);
--> statement-breakpoint
CREATE VIEW learner_search AS SELECT id AS rowid, name, email FROM learners;
