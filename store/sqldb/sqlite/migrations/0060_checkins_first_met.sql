-- The report's "days to first Met" (docs/reports.md) reads each pairing's
-- earliest Met answer time: with this index that is one seek per pairing
-- instead of a table read per Met check-in (about 900,000 on the
-- 2,000,000-check-in benchmark: 1.2 s of a report that has to fit in 2 s,
-- docs/benchmarks.md "Reports").
CREATE INDEX checkins_first_met ON checkins (pairing_id, answered_at) WHERE answer = 'met';
