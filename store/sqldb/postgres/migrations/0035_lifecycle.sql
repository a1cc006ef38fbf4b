-- Pairing lifecycle (issue 15): every pairing has an end date, one renewal
-- ask before it, at most one extension, and a close.
--
-- ends_at: when the pairing ends. Set by the lifecycle job (it knows
-- MENTORBOT_PAIRING_LENGTH, which SQL does not): the end of its program's
-- last day (ends_on) when it is in a program that ends after the pairing
-- started, else started_at + MENTORBOT_PAIRING_LENGTH. NULL until then.
-- end_floor = 1 marks the pairings active when this migration ran: their end
-- is also at least MENTORBOT_RENEWAL_NOTICE after the job first set it, so
-- an upgrade never ends an old pairing without asking both people first.
-- renewal_asked_at: when the renewal ask was written to the outbox (once).
-- extended_at: when both people chose to continue (once; never again).
ALTER TABLE pairings ADD COLUMN ends_at TIMESTAMP;
ALTER TABLE pairings ADD COLUMN end_floor INTEGER NOT NULL DEFAULT 0;
ALTER TABLE pairings ADD COLUMN renewal_asked_at TIMESTAMP;
ALTER TABLE pairings ADD COLUMN extended_at TIMESTAMP;
UPDATE pairings SET end_floor = 1 WHERE status = 'active';

-- The job's three look-ups, each a range over a small partial index.
CREATE INDEX pairings_end_unset ON pairings (id) WHERE status = 'active' AND ends_at IS NULL;
CREATE INDEX pairings_end_due ON pairings (ends_at) WHERE status = 'active';
CREATE INDEX pairings_renewal_due ON pairings (ends_at) WHERE status = 'active' AND renewal_asked_at IS NULL AND extended_at IS NULL;

-- Each person's answer to the renewal ask: the first one counts.
CREATE TABLE renewal_answers (
    pairing_id     BIGINT    NOT NULL REFERENCES pairings (id),
    participant_id BIGINT    NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    answer         TEXT      NOT NULL CHECK (answer IN ('continue', 'wrap_up')),
    answered_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (pairing_id, participant_id)
);
