-- Learner search ignores accents on both engines: SQLite's FTS5 trigram index removes diacritics
-- (drizzle/0009_learner_search, remove_diacritics 1); here the name's trigram index is over the
-- unaccented name, and queries compare bangkom_unaccent(name) with the unaccented term.
CREATE EXTENSION IF NOT EXISTS unaccent;
--> statement-breakpoint
-- unaccent() is STABLE (its dictionary could change); fixing the dictionary makes it safe to index.
CREATE FUNCTION bangkom_unaccent(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;
--> statement-breakpoint
DROP INDEX learners_name_trgm_idx;
--> statement-breakpoint
CREATE INDEX learners_name_trgm_idx ON learners USING gin (bangkom_unaccent(name) gin_trgm_ops);
