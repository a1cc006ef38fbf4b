-- The rounds' messages are sent like check-ins (docs/scheduler.md,
-- "Exactly once", point 4; docs/rounds.md): posting_at marks the moment a
-- sender is about to call Slack for a claimed message. A claimed message
-- without it never reached Slack, so if its sender died it is released
-- after the unposted lease and sent by whoever runs; one with it may have
-- been delivered and is never sent again.
ALTER TABLE round_messages ADD COLUMN posting_at TIMESTAMP;
