package sqldb

import (
	"context"
	"errors"

	"github.com/jmoiron/sqlx"

	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/sqldb/viewsql"
)

// viewSnapshot reads in one snapshot what the views serve (viewsql).
func (d *DB) viewSnapshot(ctx context.Context) (s viewsql.Snapshot, err error) {
	err = d.read(ctx, func(tx *sqlx.Tx) error {
		s = viewsql.Snapshot{}
		if err := tx.SelectContext(ctx, &s.Participants, `SELECT * FROM participants WHERE status <> 'left'`); err != nil {
			return err
		}
		ps := make([]*store.Participant, len(s.Participants))
		for i := range s.Participants {
			ps[i] = &s.Participants[i]
		}
		return errors.Join(loadTopicsAndPrograms(ctx, tx, ps),
			tx.SelectContext(ctx, &s.Pairings, pairingSelect+` WHERE pa.status = 'active' ORDER BY pa.id`),
			tx.SelectContext(ctx, &s.LastCheckIns, `SELECT c.participant_id, c.sent_at FROM checkins c JOIN (SELECT participant_id, MAX(sent_at) AS last
				FROM checkins WHERE sent_at IS NOT NULL GROUP BY participant_id) x ON x.participant_id = c.participant_id AND c.sent_at = x.last`),
			tx.SelectContext(ctx, &s.Programs, programsQuery))
	})
	return s, err
}
