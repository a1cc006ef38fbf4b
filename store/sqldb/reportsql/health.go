package reportsql

import (
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
	// A member's third most recent check-in (sent or being sent) read from
	// the unique key alone; a slot later than the last "met" means three
	// check-ins without a meeting.
	// never stands for "no meeting yet": earlier than any slot, as a
	// literal both engines compare with a timestamp (SQLite stores them as
	// text, PostgreSQL casts the literal).
	const never = `'0001-01-01'`
	const third = `(SELECT c.slot FROM checkins c WHERE c.pairing_id = h.id AND c.participant_id = %s
		ORDER BY c.slot DESC LIMIT 1 OFFSET 2)`
	err := q.selectInto(&rows, `WITH h AS MATERIALIZED (
			SELECT pa.id, pa.program_id, pa.mentor_id, pa.mentee_id, pa.started_at, pa.at_risk_reason, pa.at_risk_at,
				(SELECT MAX(c.slot) FROM checkins c WHERE c.pairing_id = pa.id AND c.answer = 'met') AS last_met
			FROM pairings pa
			WHERE pa.status = 'active'`+q.scoped(``, ` AND pa.program_id = :pid`)+`
			ORDER BY pa.id),
		low AS MATERIALIZED (
			SELECT DISTINCT f.pairing_id FROM feedback f
			WHERE f.rating <= 2 AND NOT EXISTS (SELECT 1 FROM feedback g
				WHERE g.pairing_id = f.pairing_id AND g.participant_id = f.participant_id AND g.slot > f.slot)),
		r AS MATERIALIZED (
			SELECT h.*,
				COALESCE(`+fmt.Sprintf(third, "h.mentor_id")+` > COALESCE(h.last_met, `+never+`), 1 = 0)
					OR COALESCE(`+fmt.Sprintf(third, "h.mentee_id")+` > COALESCE(h.last_met, `+never+`), 1 = 0) AS not_met,
				EXISTS (SELECT 1 FROM checkins c WHERE c.pairing_id = h.id AND c.answer = 'need_help'
					AND c.slot >= COALESCE(h.last_met, `+never+`)) AS help_open,
				h.last_met IS NOT NULL AND h.last_met >= :since AS met_recently,
				low.pairing_id IS NOT NULL AS low_rating
			FROM h LEFT JOIN low ON low.pairing_id = h.id)
		SELECT r.id, r.mentee_id, r.started_at, r.not_met, r.help_open, r.met_recently, r.low_rating, r.at_risk_reason, r.at_risk_at,
			CASE WHEN at_risk THEN COALESCE((SELECT name FROM programs WHERE id = r.program_id), '') ELSE '' END AS program,
			CASE WHEN at_risk THEN (SELECT slack_id FROM participants WHERE id = r.mentor_id) ELSE '' END AS mentor,
			CASE WHEN at_risk THEN (SELECT slack_id FROM participants WHERE id = r.mentee_id) ELSE '' END AS mentee,
			CASE WHEN at_risk THEN (SELECT name FROM participants WHERE id = r.mentor_id) ELSE '' END AS mentor_name,
			CASE WHEN at_risk THEN (SELECT name FROM participants WHERE id = r.mentee_id) ELSE '' END AS mentee_name
		FROM (SELECT *, not_met OR help_open OR low_rating OR at_risk_at IS NOT NULL AS at_risk FROM r) r`)
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
	raw.Participants.Met = len(met)
	raw.Pairings.AtRisk = len(raw.AtRisk)
	return nil
}

func reasonOrder(r string) int {
	return slices.Index([]string{report.ReasonNotMet, report.ReasonNeedHelp, report.ReasonLowRating, report.ReasonFlagged}, r)
}
