-- What the report's at-risk rules need of a pairing's check-ins, kept per
-- pairing and person as check-ins are written: PostgreSQL's dialect of
-- sqlite/migrations/0020_checkin_marks.sql (see there).
CREATE TABLE checkin_marks (
    pairing_id     BIGINT    NOT NULL,
    participant_id BIGINT    NOT NULL,
    third_slot     TIMESTAMP,
    last_met       TIMESTAMP,
    last_help      TIMESTAMP,
    PRIMARY KEY (pairing_id, participant_id)
);

-- The recount of one pairing and person, upserted.
CREATE FUNCTION checkin_marks_recount(p BIGINT, q BIGINT) RETURNS void LANGUAGE sql AS $$
    INSERT INTO checkin_marks (pairing_id, participant_id, third_slot, last_met, last_help)
    SELECT p, q,
        (SELECT c.slot FROM checkins c WHERE c.pairing_id = p AND c.participant_id = q ORDER BY c.slot DESC LIMIT 1 OFFSET 2),
        (SELECT MAX(c.slot) FROM checkins c WHERE c.pairing_id = p AND c.participant_id = q AND c.answer = 'met'),
        (SELECT MAX(c.slot) FROM checkins c WHERE c.pairing_id = p AND c.participant_id = q AND c.answer = 'need_help')
    ON CONFLICT (pairing_id, participant_id) DO UPDATE SET
        third_slot = excluded.third_slot, last_met = excluded.last_met, last_help = excluded.last_help
$$;

CREATE FUNCTION checkin_marks_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM checkin_marks_recount(OLD.pairing_id, OLD.participant_id);
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND (OLD.pairing_id <> NEW.pairing_id OR OLD.participant_id <> NEW.participant_id)) THEN
        PERFORM checkin_marks_recount(NEW.pairing_id, NEW.participant_id);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER checkin_marks AFTER INSERT OR DELETE OR UPDATE OF pairing_id, participant_id, slot, answer ON checkins
    FOR EACH ROW EXECUTE FUNCTION checkin_marks_trigger();

-- The existing check-ins, counted after the trigger exists: creating it
-- locks the check-ins against writes until this migration commits, so no
-- write falls between the count and the trigger (one that committed in
-- the few milliseconds before this transaction took the lock is counted
-- again by the next write of that pairing and person: each trigger run
-- recounts from scratch).
INSERT INTO checkin_marks (pairing_id, participant_id, third_slot, last_met, last_help)
SELECT k.pairing_id, k.participant_id,
    (SELECT c.slot FROM checkins c WHERE c.pairing_id = k.pairing_id AND c.participant_id = k.participant_id
        ORDER BY c.slot DESC LIMIT 1 OFFSET 2),
    k.last_met, k.last_help
FROM (SELECT pairing_id, participant_id, MAX(slot) FILTER (WHERE answer = 'met') AS last_met,
        MAX(slot) FILTER (WHERE answer = 'need_help') AS last_help
    FROM checkins GROUP BY pairing_id, participant_id) k;
