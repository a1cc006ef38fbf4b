-- Directory sync and retention (issue 16).
-- departed_at: when a participant's Slack account was deactivated or an
-- HR sync dropped them. Such a person has status 'left' (so every count of
-- active people and every lookup leaves them out) but keeps their data
-- until the retention job erases it as /mentor leave does, which clears
-- departed_at. NULL for everyone else.
ALTER TABLE participants ADD COLUMN departed_at TIMESTAMP;
CREATE INDEX participants_departed ON participants (departed_at) WHERE departed_at IS NOT NULL;

-- One row per day the retention job ran: claimed in the same transaction
-- as its erasures, so two replicas never both run it for the same day.
CREATE TABLE retention_runs (
    day           TEXT      PRIMARY KEY,
    ran_at        TIMESTAMP NOT NULL,
    worker        TEXT      NOT NULL DEFAULT '',
    people        INTEGER   NOT NULL DEFAULT 0,
    feedback_rows INTEGER   NOT NULL DEFAULT 0
);

