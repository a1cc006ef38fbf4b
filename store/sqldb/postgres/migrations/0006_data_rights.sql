-- Data rights (product.md, "Confidentiality and data rights").

-- The introduction's message ts in the pair's group DM (pairings.channel_id
-- holds the channel), so that leaving can rewrite it without the leaver's
-- goals and profile. Pairings introduced before this migration have none.
ALTER TABLE pairings ADD COLUMN intro_ts TEXT NOT NULL DEFAULT '';

-- A leave whose erased bytes may still sit in the write-ahead log: the
-- truncating checkpoint could not run yet (a reader held an old snapshot).
-- One row at most; the next write retries and deletes it (store/erase.go).
CREATE TABLE pending_erasure (
    id    INTEGER   PRIMARY KEY CHECK (id = 1),
    since TIMESTAMP NOT NULL
);
