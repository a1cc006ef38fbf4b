package store

import (
	"context"
	"time"

	"github.com/jmoiron/sqlx"
)

// ExportFormat names the layout of Export (docs/export.md); it changes
// when a field changes meaning or goes away.
const ExportFormat = "mentorbot-export/1"

// Export is everything stored about one person, and only what concerns them
// as themself (product.md, "Confidentiality and data rights"): nothing
// derived from a partner's answers. These types exist for the export alone,
// so a new domain field never reaches the file unreviewed. docs/export.md
// documents every field. Lists are never null; a time that has not happened
// is null; absent text is "".
type Export struct {
	Format       string             `json:"format"`
	ExportedAt   time.Time          `json:"exported_at"`
	Profile      ExportProfile      `json:"profile"`
	Pairings     []ExportPairing    `json:"pairings"`
	CheckIns     []ExportCheckIn    `json:"check_ins"`
	Feedback     []ExportFeedback   `json:"feedback"`
	Deliveries   []ExportDelivery   `json:"messages_sent"`
	Requests     []ExportRequest    `json:"mentor_requests"`
	AuditEntries []ExportAuditEntry `json:"audit_entries"`
}

// ExportProfile is the person's own profile.
type ExportProfile struct {
	SlackID           string     `db:"slack_id" json:"slack_id"`
	Name              string     `db:"name" json:"name"`
	Role              string     `db:"role" json:"role"`
	Teaches           []string   `db:"-" json:"teaches"`
	Learns            []string   `db:"-" json:"learns"`
	Goals             string     `db:"goals" json:"goals"`
	Department        string     `db:"department" json:"department"`
	SeniorityYears    int        `db:"seniority" json:"seniority_years"`
	ManagerSlackID    string     `db:"manager_slack_id" json:"manager_slack_id"`
	MenteeCapacity    int        `db:"capacity" json:"mentee_capacity"`
	Cadence           string     `db:"cadence" json:"cadence"`
	Timezone          string     `db:"timezone" json:"timezone"`
	Programs          []string   `db:"-" json:"programs"`
	Status            string     `db:"status" json:"status"`
	PausedUntil       *time.Time `db:"paused_until" json:"paused_until"`
	UnreachableSince  *time.Time `db:"unreachable_at" json:"unreachable_since"`
	UnreachableReason string     `db:"unreachable_why" json:"unreachable_reason"`
	SignedUpAt        time.Time  `db:"created_at" json:"signed_up_at"`
	UpdatedAt         time.Time  `db:"updated_at" json:"updated_at"`
}

// ExportPairing is one of the person's pairings: who with, when, whether
// it is active. Never a reason (at risk, ended because): those can come
// from the partner's answers.
type ExportPairing struct {
	PairingID      int64      `db:"id" json:"pairing_id"`
	Program        string     `db:"program" json:"program"`
	MyRole         string     `db:"my_role" json:"my_role"`
	PartnerSlackID string     `db:"partner_slack_id" json:"partner_slack_id"`
	PartnerName    string     `db:"partner_name" json:"partner_name"`
	PartnerLeft    bool       `db:"partner_left" json:"partner_left"`
	Status         string     `db:"status" json:"status"`
	StartedAt      time.Time  `db:"started_at" json:"started_at"`
	EndedAt        *time.Time `db:"ended_at" json:"ended_at"`
}

// ExportCheckIn is one check-in the person was asked, with their own answer.
type ExportCheckIn struct {
	PairingID  int64      `db:"pairing_id" json:"pairing_id"`
	Slot       time.Time  `db:"slot" json:"slot"`
	SentAt     *time.Time `db:"sent_at" json:"sent_at"`
	RemindedAt *time.Time `db:"reminded_at" json:"reminded_at"`
	Answer     string     `db:"answer" json:"answer"`
	AnsweredAt *time.Time `db:"answered_at" json:"answered_at"`
}

// ExportFeedback is feedback the person gave (their own words only).
type ExportFeedback struct {
	PairingID int64     `db:"pairing_id" json:"pairing_id"`
	Slot      time.Time `db:"slot" json:"slot"`
	Rating    int       `db:"rating" json:"rating"`
	WentWell  string    `db:"went_well" json:"went_well"`
	ToChange  string    `db:"to_change" json:"to_change"`
	Progress  string    `db:"progress" json:"progress"`
	GivenAt   time.Time `db:"created_at" json:"given_at"`
}

// ExportDelivery is a message the bot sent the person (or has planned, or
// gave up on) on its own.
type ExportDelivery struct {
	Kind      string     `db:"kind" json:"kind"`
	PairingID *int64     `db:"pairing_id" json:"pairing_id"`
	Slot      time.Time  `db:"slot" json:"slot"`
	State     string     `db:"state" json:"state"`
	SentAt    *time.Time `db:"sent_at" json:"sent_at"`
}

// ExportRequest is a mentor request the person made (as mentee) or
// received (as mentor).
type ExportRequest struct {
	Direction    string     `db:"direction" json:"direction"`
	OtherSlackID string     `db:"other_slack_id" json:"other_slack_id"`
	OtherName    string     `db:"other_name" json:"other_name"`
	Status       string     `db:"status" json:"status"`
	CreatedAt    time.Time  `db:"created_at" json:"created_at"`
	DecidedAt    *time.Time `db:"decided_at" json:"decided_at"`
}

// ExportAuditEntry is an audit entry naming the person, as actor or in
// its target.
type ExportAuditEntry struct {
	At      time.Time `json:"at"`
	Actor   string    `json:"actor"`
	Action  string    `json:"action"`
	Target  string    `json:"target"`
	Outcome string    `json:"outcome"`
	Detail  string    `json:"detail"`
}

// exportPairings reads the person's pairings from their side. A partner
// who left shows as FormerParticipant, never by pseudonym.
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

// ExportPerson gathers everything stored about slackID, in one snapshot.
func (d *DB) ExportPerson(ctx context.Context, slackID string) (Export, error) {
	ex := Export{Format: ExportFormat, Pairings: []ExportPairing{}, CheckIns: []ExportCheckIn{}, Feedback: []ExportFeedback{},
		Deliveries: []ExportDelivery{}, Requests: []ExportRequest{}, AuditEntries: []ExportAuditEntry{}}
	err := d.read(ctx, func(tx *sqlx.Tx) error {
		p, err := participantBySlackID(ctx, tx, slackID)
		if err != nil {
			return err
		}
		ex.ExportedAt = d.Now()
		if err := tx.GetContext(ctx, &ex.Profile, tx.Rebind(`SELECT slack_id, name, role, goals, department, seniority, manager_slack_id,
			capacity, cadence, timezone, status, paused_until, unreachable_at, unreachable_why, created_at, updated_at
			FROM participants WHERE id = ?`), p.ID); err != nil {
			return err
		}
		ex.Profile.Teaches, ex.Profile.Learns, ex.Profile.Programs = nonNil(p.Teaches), nonNil(p.Learns), nonNil(p.Programs)
		queries := []struct {
			dest any
			q    string
			args []any
		}{
			{&ex.Pairings, exportPairings, []any{p.ID, FormerParticipant, p.ID, p.ID, p.ID}},
			{&ex.CheckIns, `SELECT pairing_id, slot, sent_at, reminded_at, answer, answered_at FROM checkins WHERE participant_id = ? ORDER BY slot, pairing_id`, []any{p.ID}},
			{&ex.Feedback, `SELECT pairing_id, slot, rating, went_well, to_change, progress, created_at FROM feedback WHERE participant_id = ? ORDER BY created_at, id`, []any{p.ID}},
			{&ex.Deliveries, exportDeliveries, []any{p.ID, RiskNeedHelp, RiskLowRating, RiskNeedHelp, RiskLowRating}},
			{&ex.Requests, exportRequests, []any{p.ID, p.ID, p.ID, p.ID}},
		}
		for _, q := range queries {
			if err := tx.SelectContext(ctx, q.dest, tx.Rebind(q.q), q.args...); err != nil {
				return err
			}
		}
		return exportAudit(ctx, tx, slackID, &ex.AuditEntries)
	})
	return ex, err
}

// exportAudit appends the audit entries naming slackID as actor or as a
// whole ID in the target or detail.
func exportAudit(ctx context.Context, tx *sqlx.Tx, slackID string, out *[]ExportAuditEntry) error {
	var rows []AuditEntry
	if err := tx.SelectContext(ctx, &rows, tx.Rebind(`SELECT * FROM audit_log
		WHERE actor_id = ? OR instr(target, ?) > 0 OR instr(detail, ?) > 0 ORDER BY id`), slackID, slackID, slackID); err != nil {
		return err
	}
	for _, e := range rows {
		if e.ActorID != slackID && indexID(e.Target, slackID) < 0 && indexID(e.Detail, slackID) < 0 {
			continue
		}
		*out = append(*out, ExportAuditEntry{At: e.At, Actor: ShowPeople(e.ActorID), Action: e.Action,
			Target: ShowPeople(e.Target), Outcome: e.Outcome, Detail: ShowPeople(e.Detail)})
	}
	return nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
