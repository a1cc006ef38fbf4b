package circlesql

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/mentorbot/mentorbot/store"
)

// SaveCircleFeedback stores a person's feedback on a circle once per
// prompt (slot): a second submission is not saved (false). A rating of 2
// or less flags the circle at risk for admins.
func (s *Store) SaveCircleFeedback(ctx context.Context, f store.NewCircleFeedback) (saved bool, err error) {
	if f.Rating < 1 || f.Rating > 5 {
		return false, fmt.Errorf("rating %d: %w", f.Rating, store.ErrInvalid)
	}
	err = s.db.Write(ctx, func(tx *sqlx.Tx) error {
		saved = false
		pid, _, err := participantID(ctx, tx, f.SlackID)
		if err != nil {
			return err
		}
		now := ts(s.db.Now())
		res, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO circle_feedback (circle_id, participant_id, slot, rating, went_well, to_change, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (circle_id, participant_id, slot) DO NOTHING`),
			f.CircleID, pid, ts(f.Slot), f.Rating, f.WentWell, f.ToChange, now)
		if err != nil {
			return fmt.Errorf("store: circle feedback: %w", err)
		}
		n, _ := res.RowsAffected()
		saved = n > 0
		if saved && f.Rating <= 2 {
			_, err = markAtRisk(ctx, tx, f.CircleID, store.RiskLowRating, now)
		}
		return err
	})
	return saved, err
}

// AddCircleMessage records an introduction or welcome the bot posted.
func (s *Store) AddCircleMessage(ctx context.Context, m store.CircleMessage) error {
	return s.db.Write(ctx, func(tx *sqlx.Tx) error {
		_, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO circle_messages (circle_id, channel_id, ts, posted_at) VALUES (?, ?, ?, ?)`),
			m.CircleID, m.ChannelID, m.TS, ts(s.db.Now()))
		return err
	})
}

// CircleMessagesOf lists the introductions and welcomes of every circle
// the person (by Slack ID, or a pseudonym after an erasure) was ever in or
// led: the messages that may quote their goals.
func (s *Store) CircleMessagesOf(ctx context.Context, participantID int64) (out []store.CircleMessage, err error) {
	err = s.db.Read(ctx, func(tx *sqlx.Tx) error {
		out = nil
		return tx.SelectContext(ctx, &out, tx.Rebind(`SELECT circle_id, channel_id, ts FROM circle_messages WHERE circle_id IN
			(SELECT id FROM circles WHERE lead_id = ? UNION SELECT circle_id FROM circle_members WHERE participant_id = ?)
			ORDER BY id`), participantID, participantID)
	})
	return out, err
}

// Export adds the person's circles, circle check-ins and circle feedback
// to their export (empty lists, never null), in ExportPerson's snapshot.
func Export(ctx context.Context, tx *sqlx.Tx, participantID int64, ex *store.Export) error {
	ex.Circles, ex.CircleCheckIns, ex.CircleFeedback = []store.ExportCircle{}, []store.ExportCircleCheckIn{}, []store.ExportCircleFeedback{}
	for _, q := range []struct {
		dest any
		q    string
		args []any
	}{
		{&ex.Circles, `SELECT ci.id AS circle_id, ci.name, ci.topic, 'lead' AS my_role, ci.status, ci.started_at AS joined_at, ci.closed_at AS left_at
			FROM circles ci WHERE ci.lead_id = ?
			UNION ALL
			SELECT ci.id, ci.name, ci.topic, 'member', ci.status, m.joined_at, m.left_at
			FROM circle_members m JOIN circles ci ON ci.id = m.circle_id WHERE m.participant_id = ?
			ORDER BY joined_at, circle_id`, []any{participantID, participantID}},
		{&ex.CircleCheckIns, `SELECT circle_id, slot, sent_at, reminded_at, answer, answered_at FROM circle_checkins WHERE participant_id = ? ORDER BY slot, circle_id`, []any{participantID}},
		{&ex.CircleFeedback, `SELECT circle_id, slot, rating, went_well, to_change, created_at FROM circle_feedback WHERE participant_id = ? ORDER BY created_at, id`, []any{participantID}},
	} {
		if err := tx.SelectContext(ctx, q.dest, tx.Rebind(q.q), q.args...); err != nil {
			return fmt.Errorf("store: export circles: %w", err)
		}
	}
	return nil
}
