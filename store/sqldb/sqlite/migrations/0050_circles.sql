-- Mentoring circles (issue 18): one lead (a mentor), a small group of
-- members, one conversation, check-ins per person on the circle's cadence.
-- A circle's name is unique among open circles (case-insensitive).
-- seat_cap is how many seats of the lead's mentoring capacity the circle
-- takes at most: NULL means one seat per member (docs/circles.md).
-- private_channel is 1 when the circle lives in a private channel rather
-- than a group DM (more people than conversations.open takes).
CREATE TABLE circles (
    id              INTEGER PRIMARY KEY,
    name            TEXT      NOT NULL,
    lead_id         INTEGER   NOT NULL REFERENCES participants (id),
    topic           TEXT      NOT NULL DEFAULT '',
    description     TEXT      NOT NULL DEFAULT '',
    size_limit      INTEGER   NOT NULL CHECK (size_limit BETWEEN 2 AND 12),
    seat_cap        INTEGER   CHECK (seat_cap BETWEEN 0 AND 12),
    cadence         TEXT      NOT NULL DEFAULT 'weekly' CHECK (cadence IN ('weekly', 'biweekly', 'monthly')),
    status          TEXT      NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    private_channel INTEGER   NOT NULL DEFAULT 0,
    channel_id      TEXT      NOT NULL DEFAULT '',
    created_by      TEXT      NOT NULL DEFAULT '',
    started_at      TIMESTAMP NOT NULL,
    closed_at       TIMESTAMP,
    close_reason    TEXT      NOT NULL DEFAULT '',
    at_risk_reason  TEXT      NOT NULL DEFAULT '',
    at_risk_at      TIMESTAMP
);
CREATE UNIQUE INDEX circles_open_name ON circles (lower(name)) WHERE status = 'open';
CREATE INDEX circles_lead ON circles (lead_id, status);

-- Membership: one row per stay; a member who leaves keeps the row with
-- left_at, and may join again (a new row).
CREATE TABLE circle_members (
    id             INTEGER PRIMARY KEY,
    circle_id      INTEGER   NOT NULL REFERENCES circles (id),
    participant_id INTEGER   NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    joined_at      TIMESTAMP NOT NULL,
    left_at        TIMESTAMP
);
CREATE UNIQUE INDEX circle_members_one_active ON circle_members (circle_id, participant_id) WHERE left_at IS NULL;
CREATE INDEX circle_members_person ON circle_members (participant_id, left_at);

-- A circle check-in is one DM to one person (member or lead) about one
-- circle in one slot; its answer is that person's and nobody else's.
CREATE TABLE circle_checkins (
    id             INTEGER PRIMARY KEY,
    circle_id      INTEGER   NOT NULL REFERENCES circles (id),
    participant_id INTEGER   NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    slot           TIMESTAMP NOT NULL,
    sent_at        TIMESTAMP,
    answer         TEXT      NOT NULL DEFAULT '' CHECK (answer IN ('', 'met', 'not_yet', 'need_help')),
    answered_at    TIMESTAMP,
    reminded_at    TIMESTAMP,
    UNIQUE (circle_id, participant_id, slot)
);
CREATE INDEX circle_checkins_slot ON circle_checkins (slot);

-- Confidential, like feedback: reports read the ratings only in aggregate.
CREATE TABLE circle_feedback (
    id             INTEGER PRIMARY KEY,
    circle_id      INTEGER   NOT NULL REFERENCES circles (id),
    participant_id INTEGER   NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    slot           TIMESTAMP NOT NULL,
    rating         INTEGER   NOT NULL CHECK (rating BETWEEN 1 AND 5),
    went_well      TEXT      NOT NULL DEFAULT '',
    to_change      TEXT      NOT NULL DEFAULT '',
    created_at     TIMESTAMP NOT NULL,
    UNIQUE (circle_id, participant_id, slot)
);

-- The bot's introductions and welcomes in circles' conversations, which
-- quote people's goals: /mentor leave and retention rewrite them.
CREATE TABLE circle_messages (
    id         INTEGER PRIMARY KEY,
    circle_id  INTEGER   NOT NULL REFERENCES circles (id),
    channel_id TEXT      NOT NULL,
    ts         TEXT      NOT NULL,
    posted_at  TIMESTAMP NOT NULL
);
CREATE INDEX circle_messages_circle ON circle_messages (circle_id);
