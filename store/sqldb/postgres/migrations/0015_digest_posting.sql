-- The weekly digest is sent like a check-in (docs/scheduler.md, "The
-- admins' weekly digest"): posting_at marks the moment a sender is about to
-- call Slack for a claimed digest. A claimed digest without it never reached
-- Slack, so if its sender died it is released and sent by whoever runs; one
-- with it may have been delivered and is never sent again.
ALTER TABLE admin_digests ADD COLUMN posting_at TIMESTAMP;
