-- Initial schema. Times are stored in UTC. Keep the SQL portable
-- (sqlx.Rebind carries the ? placeholders to PostgreSQL).

CREATE TABLE programs (
    id           INTEGER PRIMARY KEY,
    name         TEXT      NOT NULL UNIQUE,
    description  TEXT      NOT NULL DEFAULT '',
    starts_on    TEXT      NOT NULL DEFAULT '',  -- YYYY-MM-DD, '' = open-ended
    ends_on      TEXT      NOT NULL DEFAULT '',
    cadence      TEXT      NOT NULL DEFAULT 'weekly' CHECK (cadence IN ('weekly', 'biweekly', 'monthly')),
    status       TEXT      NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    created_by   TEXT      NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL,
    closed_at    TIMESTAMP
);

CREATE TABLE participants (
    id               INTEGER PRIMARY KEY,
    slack_id         TEXT      NOT NULL UNIQUE,
    name             TEXT      NOT NULL DEFAULT '',
    role             TEXT      NOT NULL CHECK (role IN ('mentor', 'mentee', 'both')),
    goals            TEXT      NOT NULL DEFAULT '',
    department       TEXT      NOT NULL DEFAULT '',
    seniority        INTEGER   NOT NULL DEFAULT 0,
    manager_slack_id TEXT      NOT NULL DEFAULT '',
    capacity         INTEGER   NOT NULL DEFAULT 0,
    cadence          TEXT      NOT NULL DEFAULT 'weekly' CHECK (cadence IN ('weekly', 'biweekly', 'monthly')),
    timezone         TEXT      NOT NULL DEFAULT 'UTC',
    status           TEXT      NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'left')),
    paused_until     TIMESTAMP,
    unreachable_at   TIMESTAMP,
    unreachable_why  TEXT      NOT NULL DEFAULT '',
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL,
    left_at          TIMESTAMP
);

-- Topics are interned by a normalised key; label keeps the first spelling.
CREATE TABLE topics (
    id    INTEGER PRIMARY KEY,
    key   TEXT NOT NULL UNIQUE,
    label TEXT NOT NULL
);

CREATE TABLE participant_topics (
    participant_id INTEGER NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    topic_id       INTEGER NOT NULL REFERENCES topics (id),
    kind           TEXT    NOT NULL CHECK (kind IN ('teach', 'learn')),
    PRIMARY KEY (participant_id, topic_id, kind)
);

CREATE TABLE program_members (
    program_id     INTEGER   NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    participant_id INTEGER   NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    joined_at      TIMESTAMP NOT NULL,
    PRIMARY KEY (program_id, participant_id)
);

-- Pairings are never deleted: ended rows are the history that keeps a pair
-- from being proposed twice.
CREATE TABLE pairings (
    id             INTEGER PRIMARY KEY,
    program_id     INTEGER REFERENCES programs (id),
    mentor_id      INTEGER   NOT NULL REFERENCES participants (id),
    mentee_id      INTEGER   NOT NULL REFERENCES participants (id),
    status         TEXT      NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'ended')),
    source         TEXT      NOT NULL DEFAULT 'manual' CHECK (source IN ('manual', 'match', 'request')),
    score          REAL      NOT NULL DEFAULT 0,
    reasons        TEXT      NOT NULL DEFAULT '',
    channel_id     TEXT      NOT NULL DEFAULT '',
    started_at     TIMESTAMP NOT NULL,
    ended_at       TIMESTAMP,
    end_reason     TEXT      NOT NULL DEFAULT '',
    at_risk_reason TEXT      NOT NULL DEFAULT '',
    at_risk_at     TIMESTAMP,
    CHECK (mentor_id <> mentee_id)
);
CREATE UNIQUE INDEX pairings_one_active ON pairings (mentor_id, mentee_id) WHERE status = 'active';
CREATE INDEX pairings_mentee ON pairings (mentee_id, status);
CREATE INDEX pairings_program ON pairings (program_id, status);

-- A mentee's request to a mentor from /mentor find.
CREATE TABLE match_requests (
    id         INTEGER PRIMARY KEY,
    mentee_id  INTEGER   NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    mentor_id  INTEGER   NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    program_id INTEGER REFERENCES programs (id),
    status     TEXT      NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'declined', 'cancelled')),
    created_at TIMESTAMP NOT NULL,
    decided_at TIMESTAMP
);

-- An admin's matching preview waiting for Confirm / Cancel.
CREATE TABLE match_proposals (
    id          INTEGER PRIMARY KEY,
    program_id  INTEGER REFERENCES programs (id),
    admin_id    TEXT      NOT NULL,
    fingerprint TEXT      NOT NULL,
    body        TEXT      NOT NULL,
    status      TEXT      NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed', 'cancelled', 'stale')),
    created_at  TIMESTAMP NOT NULL,
    decided_at  TIMESTAMP
);

-- The outbox: everything the bot sends on its own. The unique key makes a
-- (recipient, pairing, kind, slot) send happen at most once.
CREATE TABLE deliveries (
    id           INTEGER PRIMARY KEY,
    recipient_id INTEGER   NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    pairing_id   INTEGER   NOT NULL DEFAULT 0,
    kind         TEXT      NOT NULL,
    slot         TIMESTAMP NOT NULL,
    state        TEXT      NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'missed')),
    attempts     INTEGER   NOT NULL DEFAULT 0,
    not_before   TIMESTAMP NOT NULL,
    claimed_by   TEXT      NOT NULL DEFAULT '',
    claimed_at   TIMESTAMP,
    channel_id   TEXT      NOT NULL DEFAULT '',
    message_ts   TEXT      NOT NULL DEFAULT '',
    last_error   TEXT      NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL,
    sent_at      TIMESTAMP,
    UNIQUE (recipient_id, pairing_id, kind, slot)
);
CREATE INDEX deliveries_due ON deliveries (state, not_before);

-- One check-in is one DM to one person about one pairing in one slot.
CREATE TABLE checkins (
    id             INTEGER PRIMARY KEY,
    pairing_id     INTEGER   NOT NULL REFERENCES pairings (id),
    participant_id INTEGER   NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    slot           TIMESTAMP NOT NULL,
    sent_at        TIMESTAMP,
    answer         TEXT      NOT NULL DEFAULT '' CHECK (answer IN ('', 'met', 'not_yet', 'need_help')),
    answered_at    TIMESTAMP,
    reminded_at    TIMESTAMP,
    UNIQUE (pairing_id, participant_id, slot)
);
CREATE INDEX checkins_slot ON checkins (slot);

-- Feedback is confidential: reports read it only in aggregate.
CREATE TABLE feedback (
    id             INTEGER PRIMARY KEY,
    pairing_id     INTEGER   NOT NULL REFERENCES pairings (id),
    participant_id INTEGER   NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    slot           TIMESTAMP NOT NULL,
    rating         INTEGER   NOT NULL CHECK (rating BETWEEN 1 AND 5),
    went_well      TEXT      NOT NULL DEFAULT '',
    to_change      TEXT      NOT NULL DEFAULT '',
    progress       TEXT      NOT NULL DEFAULT '',
    created_at     TIMESTAMP NOT NULL,
    UNIQUE (pairing_id, participant_id, slot)
);

-- Who did what, when. Never tokens, never feedback text.
CREATE TABLE audit_log (
    id       INTEGER PRIMARY KEY,
    at       TIMESTAMP NOT NULL,
    actor_id TEXT      NOT NULL,
    action   TEXT      NOT NULL,
    target   TEXT      NOT NULL DEFAULT '',
    outcome  TEXT      NOT NULL CHECK (outcome IN ('ok', 'refused', 'error')),
    detail   TEXT      NOT NULL DEFAULT ''
);

-- Envelope / event ids already handled, so Slack's redeliveries have one effect.
CREATE TABLE processed_events (
    key TEXT      PRIMARY KEY,
    at  TIMESTAMP NOT NULL
);
