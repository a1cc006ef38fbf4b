-- The report's feedback section (store/sqldb/reportsql/feedback.go) reads
-- every rating in the order given, for the release rule: from this index
-- that is a scan in order, without reading the rows (which hold the
-- feedback texts) and without sorting 100,000 of them (0.3 to 0.5 s of a
-- report that has to fit in 2 s, docs/benchmarks.md "Reports"). It holds
-- no text.
CREATE INDEX feedback_release ON feedback (created_at, id, pairing_id, participant_id, rating);
