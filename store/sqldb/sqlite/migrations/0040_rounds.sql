-- Networking rounds (issue 17; product.md "Networking rounds").
-- A series is a channel's rounds; its members opted in (never enrolled
-- automatically) and need not be mentorship participants, so they are
-- kept by Slack ID. A round is claimed by inserting its row under the
-- unique (series_id, slot): of two replicas exactly one runs it.

CREATE TABLE round_series (
    id          INTEGER   PRIMARY KEY,
    channel_id  TEXT      NOT NULL,
    every_weeks INTEGER   NOT NULL CHECK (every_weeks BETWEEN 1 AND 12),
    group_size  INTEGER   NOT NULL CHECK (group_size IN (2, 3)),
    status      TEXT      NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'stopped')),
    anchor      TIMESTAMP NOT NULL,
    created_by  TEXT      NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL,
    stopped_at  TIMESTAMP
);
CREATE UNIQUE INDEX round_series_one_active ON round_series (channel_id) WHERE status = 'active';

-- skip_next: the member skips the next round only (it is cleared by it).
-- timezone: Slack's tz for a member who is not a participant.
CREATE TABLE round_members (
    series_id INTEGER   NOT NULL REFERENCES round_series (id),
    slack_id  TEXT      NOT NULL,
    status    TEXT      NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'left')),
    skip_next INTEGER   NOT NULL DEFAULT 0,
    timezone  TEXT      NOT NULL DEFAULT '',
    joined_at TIMESTAMP NOT NULL,
    left_at   TIMESTAMP,
    PRIMARY KEY (series_id, slack_id)
);
CREATE INDEX round_members_person ON round_members (slack_id, status);

CREATE TABLE rounds (
    id         INTEGER   PRIMARY KEY,
    series_id  INTEGER   NOT NULL REFERENCES round_series (id),
    slot       TIMESTAMP NOT NULL,
    ask_at     TIMESTAMP NOT NULL,
    people     INTEGER   NOT NULL DEFAULT 0,
    repeats    INTEGER   NOT NULL DEFAULT 0,
    claimed_by TEXT      NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    UNIQUE (series_id, slot)
);

-- cross_dept: the group's members come from at least two departments.
CREATE TABLE round_groups (
    id         INTEGER PRIMARY KEY,
    round_id   INTEGER NOT NULL REFERENCES rounds (id),
    cross_dept INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX round_groups_round ON round_groups (round_id);

-- answer: the person's own "Did you meet?", shown to nobody else.
CREATE TABLE round_group_members (
    group_id    INTEGER   NOT NULL REFERENCES round_groups (id),
    slack_id    TEXT      NOT NULL,
    answer      TEXT      NOT NULL DEFAULT '' CHECK (answer IN ('', 'met', 'not_yet')),
    answered_at TIMESTAMP,
    PRIMARY KEY (group_id, slack_id)
);
CREATE INDEX round_group_members_person ON round_group_members (slack_id);

-- The rounds' outbox: a group's introduction (recipient '') and each
-- person's midpoint ask. Members need not be participants, whom the
-- deliveries outbox addresses, so this is an outbox of its own with the
-- same discipline: the unique key makes each message happen at most once,
-- a sender claims a pending row by compare-and-set before posting, and a
-- row left in sending by a sender that died is never sent again blindly.
CREATE TABLE round_messages (
    id         INTEGER   PRIMARY KEY,
    group_id   INTEGER   NOT NULL REFERENCES round_groups (id),
    kind       TEXT      NOT NULL CHECK (kind IN ('intro', 'ask')),
    recipient  TEXT      NOT NULL DEFAULT '',
    not_before TIMESTAMP NOT NULL,
    state      TEXT      NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'missed')),
    attempts   INTEGER   NOT NULL DEFAULT 0,
    claimed_by TEXT      NOT NULL DEFAULT '',
    claimed_at TIMESTAMP,
    channel_id TEXT      NOT NULL DEFAULT '',
    message_ts TEXT      NOT NULL DEFAULT '',
    last_error TEXT      NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    sent_at    TIMESTAMP,
    UNIQUE (group_id, kind, recipient)
);
CREATE INDEX round_messages_due ON round_messages (state, not_before);
