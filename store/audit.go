package store

import "time"

// Audit outcomes.
const (
	OutcomeOK      = "ok"
	OutcomeRefused = "refused"
	OutcomeError   = "error"
)

// AuditEntry is one admin action or refusal. It never holds tokens or
// feedback text.
type AuditEntry struct {
	ID      int64     `db:"id"`
	At      time.Time `db:"at"`
	ActorID string    `db:"actor_id"`
	Action  string    `db:"action"`
	Target  string    `db:"target"`
	Outcome string    `db:"outcome"`
	Detail  string    `db:"detail"`
}
