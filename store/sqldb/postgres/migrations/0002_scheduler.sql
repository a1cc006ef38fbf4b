-- Scheduler support: indexes for the reminder, health and pause-offer
-- queries, which run every tick.

-- Unanswered check-ins by send time (reminders, ignored streaks).
CREATE INDEX checkins_unanswered ON checkins (sent_at) WHERE answer = '';

-- A person's check-ins in slot order (pause offers, status).
CREATE INDEX checkins_participant ON checkins (participant_id, slot);

-- Deliveries of one kind in one state (catch-up expiry, stale claims).
CREATE INDEX deliveries_kind_state ON deliveries (kind, state, slot);
