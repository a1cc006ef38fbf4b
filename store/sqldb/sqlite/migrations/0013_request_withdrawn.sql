-- A mentee's other pending requests are withdrawn when one mentor accepts,
-- and the request DM each mentor got is remembered (dm_channel, dm_ts) so
-- the bot can take its Accept / Decline buttons away. SQLite cannot alter
-- a CHECK constraint: the table is rebuilt (nothing refers to it).
CREATE TABLE match_requests_new (
    id         INTEGER PRIMARY KEY,
    mentee_id  INTEGER   NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    mentor_id  INTEGER   NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    program_id INTEGER REFERENCES programs (id),
    status     TEXT      NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'declined', 'cancelled', 'withdrawn')),
    created_at TIMESTAMP NOT NULL,
    decided_at TIMESTAMP,
    dm_channel TEXT      NOT NULL DEFAULT '',
    dm_ts      TEXT      NOT NULL DEFAULT ''
);
INSERT INTO match_requests_new (id, mentee_id, mentor_id, program_id, status, created_at, decided_at)
    SELECT id, mentee_id, mentor_id, program_id, status, created_at, decided_at FROM match_requests;
DROP TABLE match_requests;
ALTER TABLE match_requests_new RENAME TO match_requests;
CREATE INDEX match_requests_mentee ON match_requests (mentee_id, status);
