-- 0008: a public program (one a public body runs for a whole area, issue
-- 12's targeting) also weighs the 상권 districts, not only the registered
-- merchants. Programs created before it are not public.
ALTER TABLE programs ADD COLUMN is_public BOOLEAN DEFAULT FALSE;
