-- What the report's at-risk rules need of a pairing's check-ins, kept per
-- pairing and person as check-ins are written (docs/reports.md, "Speed"):
-- the third most recent check-in slot (sent or being sent), and the latest
-- slots answered "met" and "need help". The report then reads one or two
-- rows per active pairing instead of probing the check-ins of each four
-- times (on PostgreSQL those probes took a third of the report on
-- 2,000,000 check-ins: docs/benchmarks.md, "Reports"). Triggers keep the rows equal to what the
-- check-ins say after every insert, answer and delete, whoever writes;
-- TestMarksAndProbesAgree (reportsql) compares them with a recount.
CREATE TABLE checkin_marks (
    pairing_id     INTEGER   NOT NULL,
    participant_id INTEGER   NOT NULL,
    third_slot     TIMESTAMP,
    last_met       TIMESTAMP,
    last_help      TIMESTAMP,
    PRIMARY KEY (pairing_id, participant_id)
) WITHOUT ROWID;

INSERT INTO checkin_marks (pairing_id, participant_id, third_slot, last_met, last_help)
SELECT k.pairing_id, k.participant_id,
    (SELECT c.slot FROM checkins c WHERE c.pairing_id = k.pairing_id AND c.participant_id = k.participant_id
        ORDER BY c.slot DESC LIMIT 1 OFFSET 2),
    k.last_met, k.last_help
FROM (SELECT pairing_id, participant_id, MAX(slot) FILTER (WHERE answer = 'met') AS last_met,
        MAX(slot) FILTER (WHERE answer = 'need_help') AS last_help
    FROM checkins GROUP BY pairing_id, participant_id) k;

-- One recount per trigger: SQLite has no procedures, so the statement is
-- written out for NEW (insert, update) and for OLD (delete, and an update
-- that moved the row to another pairing or person).
CREATE TRIGGER checkin_marks_insert AFTER INSERT ON checkins BEGIN
    INSERT INTO checkin_marks (pairing_id, participant_id, third_slot, last_met, last_help)
    SELECT NEW.pairing_id, NEW.participant_id,
        (SELECT c.slot FROM checkins c WHERE c.pairing_id = NEW.pairing_id AND c.participant_id = NEW.participant_id
            ORDER BY c.slot DESC LIMIT 1 OFFSET 2),
        (SELECT MAX(c.slot) FROM checkins c WHERE c.pairing_id = NEW.pairing_id AND c.participant_id = NEW.participant_id AND c.answer = 'met'),
        (SELECT MAX(c.slot) FROM checkins c WHERE c.pairing_id = NEW.pairing_id AND c.participant_id = NEW.participant_id AND c.answer = 'need_help')
    WHERE 1
    ON CONFLICT (pairing_id, participant_id) DO UPDATE SET
        third_slot = excluded.third_slot, last_met = excluded.last_met, last_help = excluded.last_help;
END;

CREATE TRIGGER checkin_marks_update AFTER UPDATE OF pairing_id, participant_id, slot, answer ON checkins BEGIN
    INSERT INTO checkin_marks (pairing_id, participant_id, third_slot, last_met, last_help)
    SELECT NEW.pairing_id, NEW.participant_id,
        (SELECT c.slot FROM checkins c WHERE c.pairing_id = NEW.pairing_id AND c.participant_id = NEW.participant_id
            ORDER BY c.slot DESC LIMIT 1 OFFSET 2),
        (SELECT MAX(c.slot) FROM checkins c WHERE c.pairing_id = NEW.pairing_id AND c.participant_id = NEW.participant_id AND c.answer = 'met'),
        (SELECT MAX(c.slot) FROM checkins c WHERE c.pairing_id = NEW.pairing_id AND c.participant_id = NEW.participant_id AND c.answer = 'need_help')
    WHERE 1
    ON CONFLICT (pairing_id, participant_id) DO UPDATE SET
        third_slot = excluded.third_slot, last_met = excluded.last_met, last_help = excluded.last_help;
END;

CREATE TRIGGER checkin_marks_moved AFTER UPDATE OF pairing_id, participant_id ON checkins
WHEN OLD.pairing_id <> NEW.pairing_id OR OLD.participant_id <> NEW.participant_id BEGIN
    UPDATE checkin_marks SET
        third_slot = (SELECT c.slot FROM checkins c WHERE c.pairing_id = OLD.pairing_id AND c.participant_id = OLD.participant_id
            ORDER BY c.slot DESC LIMIT 1 OFFSET 2),
        last_met = (SELECT MAX(c.slot) FROM checkins c WHERE c.pairing_id = OLD.pairing_id AND c.participant_id = OLD.participant_id AND c.answer = 'met'),
        last_help = (SELECT MAX(c.slot) FROM checkins c WHERE c.pairing_id = OLD.pairing_id AND c.participant_id = OLD.participant_id AND c.answer = 'need_help')
    WHERE pairing_id = OLD.pairing_id AND participant_id = OLD.participant_id;
END;

CREATE TRIGGER checkin_marks_delete AFTER DELETE ON checkins BEGIN
    UPDATE checkin_marks SET
        third_slot = (SELECT c.slot FROM checkins c WHERE c.pairing_id = OLD.pairing_id AND c.participant_id = OLD.participant_id
            ORDER BY c.slot DESC LIMIT 1 OFFSET 2),
        last_met = (SELECT MAX(c.slot) FROM checkins c WHERE c.pairing_id = OLD.pairing_id AND c.participant_id = OLD.participant_id AND c.answer = 'met'),
        last_help = (SELECT MAX(c.slot) FROM checkins c WHERE c.pairing_id = OLD.pairing_id AND c.participant_id = OLD.participant_id AND c.answer = 'need_help')
    WHERE pairing_id = OLD.pairing_id AND participant_id = OLD.participant_id;
END;
