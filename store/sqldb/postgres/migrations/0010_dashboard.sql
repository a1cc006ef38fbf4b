-- The admin dashboard and digest (product.md, "Admin dashboard").

-- An admin marked a flagged pairing handled. It leaves *Needs attention*
-- until someone asks for help again (a newer "need help" answer).
ALTER TABLE pairings ADD COLUMN handled_at TIMESTAMP;
ALTER TABLE pairings ADD COLUMN handled_by TEXT NOT NULL DEFAULT '';

-- *Needs attention* reads the flagged active pairings, newest first,
-- without scanning every pairing.
CREATE INDEX pairings_attention ON pairings (at_risk_at) WHERE status = 'active' AND at_risk_at IS NOT NULL;

-- Why a mentee waits: who teaches the topics they want to learn.
CREATE INDEX participant_topics_topic ON participant_topics (topic_id, kind, participant_id);

-- The weekly digest: one row per admin per slot. Admins need not be
-- participants, so this is an outbox of its own with the same discipline:
-- the primary key makes the (admin, slot) send happen at most once, a
-- sender claims a pending row by compare-and-set before posting, and a row
-- claimed by a sender that died is never sent again blindly.
CREATE TABLE admin_digests (
    admin_id   TEXT      NOT NULL,
    slot       TIMESTAMP NOT NULL,
    state      TEXT      NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'sent', 'failed')),
    attempts   INTEGER   NOT NULL DEFAULT 0,
    claimed_by TEXT      NOT NULL DEFAULT '',
    claimed_at TIMESTAMP,
    channel_id TEXT      NOT NULL DEFAULT '',
    message_ts TEXT      NOT NULL DEFAULT '',
    last_error TEXT      NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    sent_at    TIMESTAMP,
    PRIMARY KEY (admin_id, slot)
);
