-- posting_at marks the moment a sender is about to call Slack for a claimed
-- row. A claimed row without it never reached Slack, so if its sender died
-- it is safe to send again; one with it may have been delivered.
ALTER TABLE deliveries ADD COLUMN posting_at TIMESTAMP;
