-- Goals and the fit pulse (issue 15, product.md "Pairing lifecycle and goals").
-- goals: up to 3 per pairing (position 1..3), written by its mentee. text and
-- target_date are free text about the pair: /mentor leave and retention
-- blank them (store/sqldb/goalsql/erase.go). status is the mentee's latest
-- answer in a month's first check-in.
CREATE TABLE goals (
    id          INTEGER PRIMARY KEY,
    pairing_id  INTEGER    NOT NULL REFERENCES pairings (id),
    position    INTEGER   NOT NULL CHECK (position BETWEEN 1 AND 3),
    text        TEXT      NOT NULL DEFAULT '',
    target_date TEXT      NOT NULL DEFAULT '',
    status      TEXT      NOT NULL DEFAULT 'not_started' CHECK (status IN ('not_started', 'progressing', 'done')),
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    UNIQUE (pairing_id, position)
);

-- One answer per goal per check-in (the first click wins).
CREATE TABLE goal_progress (
    goal_id     INTEGER    NOT NULL REFERENCES goals (id) ON DELETE CASCADE,
    checkin_id  INTEGER    NOT NULL REFERENCES checkins (id),
    status      TEXT      NOT NULL CHECK (status IN ('not_started', 'progressing', 'done')),
    answered_at TIMESTAMP NOT NULL,
    PRIMARY KEY (goal_id, checkin_id)
);

-- Fit-pulse answers: confidential (docs/privacy.md), one per person per
-- pairing, the first click wins. Reports release them only in whole groups.
CREATE TABLE fit_answers (
    pairing_id     INTEGER    NOT NULL REFERENCES pairings (id),
    participant_id INTEGER    NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    answer         TEXT      NOT NULL CHECK (answer IN ('good', 'not_sure', 'not_a_fit')),
    answered_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (pairing_id, participant_id)
);
CREATE INDEX fit_answers_not_a_fit ON fit_answers (pairing_id) WHERE answer = 'not_a_fit';
