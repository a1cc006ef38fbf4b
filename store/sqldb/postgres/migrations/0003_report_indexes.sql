-- Report indexes: `mentorbot report` reads every sent check-in twice, once in
-- slot order (weekly figures) and once in person order (department
-- figures). These covering, partial indexes let each pass stream in index
-- order without touching the table or sorting (docs/benchmarks.md,
-- "Reports": 2,000,000 check-ins in about a second instead of a dozen).
CREATE INDEX checkins_report_slot ON checkins (slot, participant_id, answer, pairing_id) WHERE sent_at IS NOT NULL;
CREATE INDEX checkins_report_person ON checkins (participant_id, slot, answer, pairing_id) WHERE sent_at IS NOT NULL;

-- A pairing's latest "met" and its "need help" answers, and the low ratings,
-- for the at-risk rules (the scheduler's health checks use the same
-- lookups).
CREATE INDEX checkins_met ON checkins (pairing_id, slot) WHERE answer = 'met';
CREATE INDEX checkins_help ON checkins (pairing_id, slot) WHERE answer = 'need_help';
CREATE INDEX feedback_low ON feedback (pairing_id, participant_id, slot) WHERE rating <= 2;
