package sqldb

import (
	"context"

	"github.com/jmoiron/sqlx"

	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/sqldb/exportsql"
)

// exportPairings reads the person's pairings from their side. A partner
// who left shows as FormerParticipant, never by pseudonym.
// ExportPerson gathers everything stored about slackID, in one snapshot.
func (d *DB) ExportPerson(ctx context.Context, slackID string) (store.Export, error) {
	var ex store.Export
	err := d.read(ctx, func(tx *sqlx.Tx) error {
		p, err := participantBySlackID(ctx, tx, slackID)
		if err != nil {
			return err
		}
		ex, err = exportsql.Person(ctx, tx, p, slackID, d.Now())
		return err
	})
	return ex, err
}
