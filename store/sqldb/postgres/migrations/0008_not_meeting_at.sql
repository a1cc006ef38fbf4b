-- not_meeting_at is when a pairing was first found not meeting (3 closed
-- check-ins in a row without Met). It is kept apart from at_risk_at, the
-- admins' flag whose first reason wins, because "not meeting" is a fact
-- both people saw and earns both a rematch offer at the same moment
-- whether or not one of them raised another flag before.
ALTER TABLE pairings ADD COLUMN not_meeting_at TIMESTAMP;
UPDATE pairings SET not_meeting_at = at_risk_at WHERE at_risk_reason = 'not met for 3 check-ins';
