// Package exportsql reads everything stored about one person for
// /mentor export (docs/export.md), inside the store's read transaction.
package exportsql

import (
	"context"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/sqldb/circlesql"
	"github.com/mentorbot/mentorbot/store/sqldb/goalsql"
	"github.com/mentorbot/mentorbot/store/sqldb/roundsql"
)

const exportPairings = `SELECT pa.id, COALESCE(pr.name, '') AS program,
	CASE WHEN pa.mentor_id = ? THEN 'mentor' ELSE 'mentee' END AS my_role,
	CASE WHEN o.status = 'left' THEN '' ELSE o.slack_id END AS partner_slack_id,
	CASE WHEN o.status = 'left' THEN ? ELSE o.name END AS partner_name,
	o.status = 'left' AS partner_left, pa.status, pa.started_at, pa.ended_at
	FROM pairings pa
	JOIN participants o ON o.id = CASE WHEN pa.mentor_id = ? THEN pa.mentee_id ELSE pa.mentor_id END
	LEFT JOIN programs pr ON pr.id = pa.program_id
	WHERE pa.mentor_id = ? OR pa.mentee_id = ? ORDER BY pa.id`

// exportDeliveries reads the person's outbox rows. A rematch offer is left
// out unless a flag the person saw raised it (not meeting, unreachable) or
// their own answer did, at or before the flag: an offer caused by the
// partner's Need help or low rating would tell them of it (such offers went
// to both people before product.md's Health rule changed).
const exportDeliveries = `SELECT d.kind, NULLIF(d.pairing_id, 0) AS pairing_id, d.slot, d.state, d.sent_at
	FROM deliveries d LEFT JOIN pairings pa ON pa.id = d.pairing_id
	WHERE d.recipient_id = ? AND (d.kind <> 'rematch_offer'
		OR pa.at_risk_reason NOT IN (?, ?)
		OR (pa.at_risk_reason = ? AND EXISTS (SELECT 1 FROM checkins c WHERE c.pairing_id = d.pairing_id
			AND c.participant_id = d.recipient_id AND c.answer = 'need_help' AND c.answered_at <= pa.at_risk_at))
		OR (pa.at_risk_reason = ? AND EXISTS (SELECT 1 FROM feedback f WHERE f.pairing_id = d.pairing_id
			AND f.participant_id = d.recipient_id AND f.rating <= 2 AND f.created_at <= pa.at_risk_at)))
	ORDER BY d.slot, d.kind, d.id`

const exportRequests = `SELECT CASE WHEN r.mentee_id = ? THEN 'made' ELSE 'received' END AS direction,
	o.slack_id AS other_slack_id, o.name AS other_name, r.status, r.created_at, r.decided_at
	FROM match_requests r JOIN participants o ON o.id = CASE WHEN r.mentee_id = ? THEN r.mentor_id ELSE r.mentee_id END
	WHERE r.mentee_id = ? OR r.mentor_id = ? ORDER BY r.id`

// Person fills the export of participant p (slackID is theirs) as of now.
func Person(ctx context.Context, tx *sqlx.Tx, p store.Participant, slackID string, now time.Time) (store.Export, error) {
	ex := store.Export{Format: store.ExportFormat, Pairings: []store.ExportPairing{}, CheckIns: []store.ExportCheckIn{}, Feedback: []store.ExportFeedback{},
		Deliveries: []store.ExportDelivery{}, Requests: []store.ExportRequest{}, AuditEntries: []store.ExportAuditEntry{},
		PairingGoals: []store.ExportGoal{}, FitAnswers: []store.ExportFitAnswer{}}
	ex.ExportedAt = now
	if err := tx.GetContext(ctx, &ex.Profile, tx.Rebind(`SELECT slack_id, name, role, goals, department, seniority, manager_slack_id,
		capacity, cadence, timezone, status, paused_until, unreachable_at, unreachable_why, created_at, updated_at
		FROM participants WHERE id = ?`), p.ID); err != nil {
		return ex, err
	}
	ex.Profile.Teaches, ex.Profile.Learns, ex.Profile.Programs = nonNil(p.Teaches), nonNil(p.Learns), nonNil(p.Programs)
	queries := []struct {
		dest any
		q    string
		args []any
	}{
		{&ex.Pairings, exportPairings, []any{p.ID, store.FormerParticipant, p.ID, p.ID, p.ID}},
		{&ex.CheckIns, `SELECT pairing_id, slot, sent_at, reminded_at, answer, answered_at FROM checkins WHERE participant_id = ? ORDER BY slot, pairing_id`, []any{p.ID}},
		{&ex.Feedback, `SELECT pairing_id, slot, rating, went_well, to_change, progress, created_at FROM feedback WHERE participant_id = ? ORDER BY created_at, id`, []any{p.ID}},
		{&ex.Deliveries, exportDeliveries, []any{p.ID, store.RiskNeedHelp, store.RiskLowRating, store.RiskNeedHelp, store.RiskLowRating}},
		{&ex.Requests, exportRequests, []any{p.ID, p.ID, p.ID, p.ID}},
		{&ex.PairingGoals, goalsql.ExportGoals, []any{p.ID, p.ID}},
		{&ex.FitAnswers, goalsql.ExportFitAnswers, []any{p.ID}},
	}
	for _, q := range queries {
		if err := tx.SelectContext(ctx, q.dest, tx.Rebind(q.q), q.args...); err != nil {
			return ex, err
		}
	}
	if err := circlesql.Export(ctx, tx, p.ID, &ex); err != nil {
		return ex, err
	}
	if err := roundsql.Export(ctx, tx, slackID, &ex); err != nil {
		return ex, err
	}
	err := exportAudit(ctx, tx, slackID, &ex.AuditEntries)
	return ex, err
}

func exportAudit(ctx context.Context, tx *sqlx.Tx, slackID string, out *[]store.ExportAuditEntry) error {
	var rows []store.AuditEntry
	if err := tx.SelectContext(ctx, &rows, tx.Rebind(`SELECT * FROM audit_log
		WHERE actor_id = ? OR instr(target, ?) > 0 OR instr(detail, ?) > 0 ORDER BY id`), slackID, slackID, slackID); err != nil {
		return err
	}
	for _, e := range rows {
		if e.ActorID != slackID && store.IndexID(e.Target, slackID) < 0 && store.IndexID(e.Detail, slackID) < 0 {
			continue
		}
		*out = append(*out, store.ExportAuditEntry{At: e.At, Actor: store.ShowPeople(e.ActorID), Action: e.Action,
			Target: store.ShowPeople(e.Target), Outcome: e.Outcome, Detail: store.ShowPeople(e.Detail)})
	}
	return nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
