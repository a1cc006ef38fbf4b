package reportsql

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/report"
)

// health reads one row per active pairing with what the at-risk rules
// need, each from a few index probes (checkins_met, checkins_help, the
// check-ins' unique key): the pairing's last "met" slot; for each member,
// their third most recent check-in slot (three slots after the last "met"
// means three check-ins without meeting); whether "need help" came at or
// after the last "met". Low ratings come from the few ratings of 2 or less
// (feedback_low) that no later rating by the same person replaced. It also
// gives the funnel's last stage: matched mentees whose pairing met since
// :since.
func (q reportQuery) health(raw *report.Raw, _ func(string, bool) *report.Department) error {
	var rows []struct {
		ID          int64      `db:"id"`
		Program     string     `db:"program"`
		Mentor      string     `db:"mentor"`
		Mentee      string     `db:"mentee"`
		MentorName  string     `db:"mentor_name"`
		MenteeName  string     `db:"mentee_name"`
		MenteeID    int64      `db:"mentee_id"`
		StartedAt   time.Time  `db:"started_at"`
		NotMet      bool       `db:"not_met"`
		HelpOpen    bool       `db:"help_open"`
		MetRecently bool       `db:"met_recently"`
		LowRating   bool       `db:"low_rating"`
		FlagReason  string     `db:"at_risk_reason"`
		FlaggedAt   *time.Time `db:"at_risk_at"`
	}
	err := q.selectInto(&rows, q.healthQuery())
	if err != nil {
		return fmt.Errorf("pairing health: %w", err)
	}
	met := map[int64]bool{}
	for _, r := range rows {
		if r.MetRecently {
			met[r.MenteeID] = true
		}
		var reasons []string
		add := func(ok bool, reason string) {
			if ok && !slices.Contains(reasons, reason) {
				reasons = append(reasons, reason)
			}
		}
		add(r.NotMet, report.ReasonNotMet)
		add(r.HelpOpen, report.ReasonNeedHelp)
		add(r.LowRating, report.ReasonLowRating)
		flag := ""
		if r.FlaggedAt != nil {
			flag = r.FlagReason
			// The health rules' own reasons map onto the report's; any
			// other flag (an unreachable person) is shown as recorded.
			switch r.FlagReason {
			case store.RiskNotMeeting:
				add(true, report.ReasonNotMet)
			case store.RiskNeedHelp:
				add(true, report.ReasonNeedHelp)
			case store.RiskLowRating:
				add(true, report.ReasonLowRating)
			default:
				add(true, report.ReasonFlagged)
			}
		}
		if len(reasons) == 0 {
			continue
		}
		slices.SortFunc(reasons, func(a, b string) int { return reasonOrder(a) - reasonOrder(b) })
		raw.AtRisk = append(raw.AtRisk, report.AtRisk{
			PairingID: r.ID, Program: r.Program, Mentor: r.Mentor, Mentee: r.Mentee, MentorName: r.MentorName, MenteeName: r.MenteeName,
			StartedAt: r.StartedAt, Reasons: reasons, Flag: flag,
		})
	}
	// By pairing, as docs/reports.md promises, whatever order the joins
	// gave.
	slices.SortFunc(raw.AtRisk, func(a, b report.AtRisk) int { return cmp.Compare(a.PairingID, b.PairingID) })
	raw.Participants.Met = len(met)
	raw.Pairings.AtRisk = len(raw.AtRisk)
	return nil
}

func reasonOrder(r string) int {
	return slices.Index([]string{report.ReasonNotMet, report.ReasonNeedHelp, report.ReasonLowRating, report.ReasonFlagged}, r)
}

// healthQuery is one row per active pairing of the scope with what the
// at-risk rules need. From schema 20 on it reads checkin_marks, kept by
// triggers as check-ins are written (migration 0020): one or two rows per
// pairing. An older schema (a read-only report of a database not migrated
// yet) probes the check-ins of each pairing instead; both say the same
// (TestMarksAndProbesAgree).
func (q reportQuery) healthQuery() string {
	if q.marks {
		return healthFromMarks(q.scoped(``, ` AND pa.program_id = :pid`))
	}
	// A member's third most recent check-in (sent or being sent) read from
	// the unique key alone; a slot later than the last "met" means three
	// check-ins without a meeting.
	const third = `(SELECT c.slot FROM checkins c WHERE c.pairing_id = h.id AND c.participant_id = %s
		ORDER BY c.slot DESC LIMIT 1 OFFSET 2)`
	return `WITH h AS MATERIALIZED (
			SELECT pa.id, pa.program_id, pa.mentor_id, pa.mentee_id, pa.started_at, pa.at_risk_reason, pa.at_risk_at,
				(SELECT MAX(c.slot) FROM checkins c WHERE c.pairing_id = pa.id AND c.answer = 'met') AS last_met
			FROM pairings pa
			WHERE pa.status = 'active'` + q.scoped(``, ` AND pa.program_id = :pid`) + `
			ORDER BY pa.id),
		` + lowRatings + `,
		r AS MATERIALIZED (
			SELECT h.*,
				COALESCE(` + fmt.Sprintf(third, "h.mentor_id") + ` > COALESCE(h.last_met, ` + never + `), 1 = 0)
					OR COALESCE(` + fmt.Sprintf(third, "h.mentee_id") + ` > COALESCE(h.last_met, ` + never + `), 1 = 0) AS not_met,
				EXISTS (SELECT 1 FROM checkins c WHERE c.pairing_id = h.id AND c.answer = 'need_help'
					AND c.slot >= COALESCE(h.last_met, ` + never + `)) AS help_open,
				h.last_met IS NOT NULL AND h.last_met >= :since AS met_recently,
				low.pairing_id IS NOT NULL AS low_rating
			FROM h LEFT JOIN low ON low.pairing_id = h.id)
		` + healthSelect
}

const (
	// never stands for "no meeting yet": earlier than any slot, as a
	// literal both engines compare with a timestamp (SQLite stores them as
	// text, PostgreSQL casts the literal).
	never = `'0001-01-01'`
	// lowRatings: pairings whose member's latest rating is 2 or less.
	lowRatings = `low AS MATERIALIZED (
			SELECT DISTINCT f.pairing_id FROM feedback f
			WHERE f.rating <= 2 AND NOT EXISTS (SELECT 1 FROM feedback g
				WHERE g.pairing_id = f.pairing_id AND g.participant_id = f.participant_id AND g.slot > f.slot))`
	// healthSelect names the people of at-risk pairings only (a join
	// restricted to them, not a lookup per name).
	healthSelect = `SELECT r.id, r.mentee_id, r.started_at, r.not_met, r.help_open, r.met_recently, r.low_rating, r.at_risk_reason, r.at_risk_at,
			CASE WHEN r.at_risk THEN COALESCE(g.name, '') ELSE '' END AS program,
			CASE WHEN r.at_risk THEN mr.slack_id ELSE '' END AS mentor, CASE WHEN r.at_risk THEN me.slack_id ELSE '' END AS mentee,
			CASE WHEN r.at_risk THEN mr.name ELSE '' END AS mentor_name, CASE WHEN r.at_risk THEN me.name ELSE '' END AS mentee_name
		FROM (SELECT *, not_met OR help_open OR low_rating OR at_risk_at IS NOT NULL AS at_risk FROM r) r
		LEFT JOIN programs g ON r.at_risk AND g.id = r.program_id
		LEFT JOIN participants mr ON r.at_risk AND mr.id = r.mentor_id
		LEFT JOIN participants me ON r.at_risk AND me.id = r.mentee_id`
)

// healthFromMarks: the pairing's last "met" and last "need help" are the
// latest of its members' (any check-in of the pairing, as the probes
// read); third_slot is per member.
func healthFromMarks(inProgram string) string {
	return `WITH h AS MATERIALIZED (
			SELECT pa.id, pa.program_id, pa.mentor_id, pa.mentee_id, pa.started_at, pa.at_risk_reason, pa.at_risk_at,
				MAX(k.last_met) AS last_met, MAX(k.last_help) AS last_help,
				MAX(CASE WHEN k.participant_id = pa.mentor_id THEN k.third_slot END) AS mentor_third,
				MAX(CASE WHEN k.participant_id = pa.mentee_id THEN k.third_slot END) AS mentee_third
			FROM pairings pa LEFT JOIN checkin_marks k ON k.pairing_id = pa.id
			WHERE pa.status = 'active'` + inProgram + `
			GROUP BY pa.id, pa.program_id, pa.mentor_id, pa.mentee_id, pa.started_at, pa.at_risk_reason, pa.at_risk_at),
		` + lowRatings + `,
		r AS MATERIALIZED (
			SELECT h.*,
				COALESCE(h.mentor_third > COALESCE(h.last_met, ` + never + `), 1 = 0)
					OR COALESCE(h.mentee_third > COALESCE(h.last_met, ` + never + `), 1 = 0) AS not_met,
				COALESCE(h.last_help >= COALESCE(h.last_met, ` + never + `), 1 = 0) AS help_open,
				h.last_met IS NOT NULL AND h.last_met >= :since AS met_recently,
				low.pairing_id IS NOT NULL AS low_rating
			FROM h LEFT JOIN low ON low.pairing_id = h.id)
		` + healthSelect
}
