package sqldb

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/mentorbot/mentorbot/store"
)

// ScheduleTargets lists, for every active pairing whose two people are both
// active (neither paused nor gone), each of them who can be messaged.
func (d *DB) ScheduleTargets(ctx context.Context) ([]store.ScheduleTarget, error) {
	var out []store.ScheduleTarget
	err := d.read(ctx, func(tx *sqlx.Tx) error {
		return tx.SelectContext(ctx, &out, `SELECT x.id AS pairing_id, x.started_at, x.cadence,
			p.id AS participant_id, p.slack_id, p.timezone
			FROM (`+pairingSelect+` WHERE pa.status = 'active' AND mr.status = 'active' AND me.status = 'active') x
			JOIN participants p ON p.id = x.mentor_id OR p.id = x.mentee_id
			WHERE p.unreachable_at IS NULL
			ORDER BY x.id, p.id`)
	})
	if err != nil {
		return nil, fmt.Errorf("store: schedule targets: %w", err)
	}
	return out, nil
}
