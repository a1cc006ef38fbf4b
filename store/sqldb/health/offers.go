package health

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/mentorbot/mentorbot/store"
)

// MarkNotMeeting records that an active pairing was found not meeting, and
// flags it at risk for admins unless another reason came first. It reports
// whether the admins' flag is new.
func (d *DB) MarkNotMeeting(ctx context.Context, pairingID int64) (atRisk bool, err error) {
	err = d.tx(ctx, func(tx *sqlx.Tx) error {
		now := d.now()
		if _, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE pairings SET not_meeting_at = ?
			WHERE id = ? AND not_meeting_at IS NULL AND status = 'active'`), now, pairingID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE pairings SET at_risk_reason = ?, at_risk_at = ?
			WHERE id = ? AND at_risk_at IS NULL AND status = 'active'`), store.RiskNotMeeting, now, pairingID)
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		atRisk = n > 0
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("store: mark pairing %d not meeting: %w", pairingID, err)
	}
	return atRisk, nil
}

// rematchReason is one reason a person of an active pairing is offered a
// rematch: a query of (pairing_id, participant_id, at) rows, where pairing
// and person name those columns for the "not offered yet" test.
type rematchReason struct {
	query           string
	pairing, person string
}

// Only the person's own answers count, never the partner's: a flag raised
// by one person must not change what the other receives. Not meeting
// counts for both. A low rating is 2 or less, as in SaveFeedback (and the
// partial indexes checkins_help and feedback_low serve these scans).
var rematchReasons = []rematchReason{
	{query: `SELECT c.pairing_id, c.participant_id, c.answered_at AS at FROM checkins c
		JOIN pairings pa ON pa.id = c.pairing_id AND pa.status = 'active'
		WHERE c.answer = 'need_help' AND c.answered_at IS NOT NULL`, pairing: "c.pairing_id", person: "c.participant_id"},
	{query: `SELECT f.pairing_id, f.participant_id, f.created_at AS at FROM feedback f
		JOIN pairings pa ON pa.id = f.pairing_id AND pa.status = 'active'
		WHERE f.rating <= 2`, pairing: "f.pairing_id", person: "f.participant_id"},
	// A fit pulse answered Not a fit (issue 15): that person's own answer.
	{query: `SELECT f.pairing_id, f.participant_id, f.answered_at AS at FROM fit_answers f
		JOIN pairings pa ON pa.id = f.pairing_id AND pa.status = 'active'
		WHERE f.answer = 'not_a_fit'`, pairing: "f.pairing_id", person: "f.participant_id"},
	{query: `SELECT pa.id AS pairing_id, pa.mentor_id AS participant_id, pa.not_meeting_at AS at FROM pairings pa
		WHERE pa.status = 'active' AND pa.not_meeting_at IS NOT NULL`, pairing: "pa.id", person: "pa.mentor_id"},
	{query: `SELECT pa.id AS pairing_id, pa.mentee_id AS participant_id, pa.not_meeting_at AS at FROM pairings pa
		WHERE pa.status = 'active' AND pa.not_meeting_at IS NOT NULL`, pairing: "pa.id", person: "pa.mentee_id"},
}

// RematchOffersDue lists the rematch offers to plan: for each person of an
// active pairing who has a reason (see rematchReasons) and was never
// offered a rematch for that pairing, one offer at their first reason's
// moment. So each person gets at most one offer per pairing.
func (d *DB) RematchOffersDue(ctx context.Context) ([]store.RematchOffer, error) {
	type key struct{ pairing, person int64 }
	var first map[key]time.Time
	err := d.read(ctx, func(tx *sqlx.Tx) error {
		first = map[key]time.Time{} // a retried read starts afresh
		for _, r := range rematchReasons {
			var rows []struct {
				PairingID     int64     `db:"pairing_id"`
				ParticipantID int64     `db:"participant_id"`
				At            time.Time `db:"at"`
			}
			q := r.query + ` AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.kind = 'rematch_offer'
				AND d.pairing_id = ` + r.pairing + ` AND d.recipient_id = ` + r.person + `)`
			if err := tx.SelectContext(ctx, &rows, q); err != nil {
				return err
			}
			for _, row := range rows {
				k := key{row.PairingID, row.ParticipantID}
				if at, ok := first[k]; !ok || row.At.Before(at) {
					first[k] = row.At
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: rematch offers due: %w", err)
	}
	out := make([]store.RematchOffer, 0, len(first))
	for k, at := range first {
		out = append(out, store.RematchOffer{PairingID: k.pairing, RecipientID: k.person, Slot: at.UTC()})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].PairingID != out[j].PairingID {
			return out[i].PairingID < out[j].PairingID
		}
		return out[i].RecipientID < out[j].RecipientID
	})
	return out, nil
}
