package sqldb

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/mentorbot/mentorbot/store"
)

// ImportProfiles signs up many people in one transaction: all or nothing.
// People are matched by Slack ID, so importing the same file twice updates
// and never duplicates. Each profile is validated as at sign-up; progress,
// when set, is called after each row.
func (d *DB) ImportProfiles(ctx context.Context, ps []store.Profile, progress func(done int)) (store.ImportResult, error) {
	var res store.ImportResult
	for i, p := range ps {
		if err := p.Validate(); err != nil {
			return res, fmt.Errorf("profile %d (%s): %w", i+1, p.SlackID, err)
		}
	}
	err := d.tx(ctx, func(tx *sqlx.Tx) error {
		res = store.ImportResult{}
		now := d.Now()
		for i, p := range ps {
			created, err := saveProfile(ctx, tx, p, now)
			if err != nil {
				return fmt.Errorf("profile %d (%s): %w", i+1, p.SlackID, err)
			}
			if created {
				res.Created++
			} else {
				res.Updated++
			}
			if progress != nil {
				progress(i + 1)
			}
		}
		return nil
	})
	return res, err
}
