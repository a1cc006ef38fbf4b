-- A mentee's other pending requests are withdrawn when one mentor accepts,
-- and the request DM each mentor got is remembered (dm_channel, dm_ts) so
-- the bot can take its Accept / Decline buttons away.
ALTER TABLE match_requests DROP CONSTRAINT match_requests_status_check;
ALTER TABLE match_requests ADD CONSTRAINT match_requests_status_check
    CHECK (status IN ('pending', 'accepted', 'declined', 'cancelled', 'withdrawn'));
ALTER TABLE match_requests ADD COLUMN dm_channel TEXT NOT NULL DEFAULT '';
ALTER TABLE match_requests ADD COLUMN dm_ts TEXT NOT NULL DEFAULT '';
CREATE INDEX match_requests_mentee ON match_requests (mentee_id, status);
