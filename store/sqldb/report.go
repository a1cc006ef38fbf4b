package sqldb

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/report"
	"github.com/mentorbot/mentorbot/store/sqldb/reportsql"
)

// reportSchema is the oldest schema the report queries can read (0001 has
// every table and column they use; 0003 only adds indexes for speed).
const reportSchema = 1

// SchemaStatus returns the schema version applied to the database and the
// newest this program knows. A reader that cannot migrate (a read-only
// report) uses it to say what is missing.
func (d *DB) SchemaStatus(ctx context.Context) (applied, known int, err error) {
	ms, err := loadMigrations(d.eng.migrations())
	if err != nil {
		return 0, 0, err
	}
	if len(ms) > 0 {
		known = ms[len(ms)-1].version
	}
	err = d.eng.snapshot(ctx, func(c *sqlx.Conn) error {
		applied, err = d.eng.schemaVersion(ctx, c)
		return err
	})
	return applied, known, err
}

// ReportData gathers the raw figures of a report in one read transaction
// (one consistent snapshot, beside a running bot thanks to WAL, taking no
// lock: see sqlite.Snapshot and postgres.Snapshot). It only reads, so it works on a read-only handle. Every figure
// but the ratings is aggregated in SQL; what comes back is a few rows per
// department and per week, one row per active pairing for the health
// rules, and one small row per rating for the release rule.
//
// A person who left counts in Participants.Left and their activity in
// Former (their department is erased); their pairings count as ended.
func (d *DB) ReportData(ctx context.Context, scope report.Scope) (report.Raw, error) {
	raw := report.Raw{Scope: scope, GeneratedAt: d.Now()}
	raw.Scope.Since = scope.Since.UTC()
	err := d.eng.snapshot(ctx, func(c *sqlx.Conn) error {
		v, err := d.eng.schemaVersion(ctx, c)
		if err != nil {
			return err
		}
		if v < reportSchema {
			return fmt.Errorf("schema version %d, reports need %d: run `mentorbot migrate`: %w", v, reportSchema, store.ErrSchemaTooOld)
		}
		restore, err := d.eng.growCache(ctx, c)
		if err != nil {
			return fmt.Errorf("store: report: %w", err)
		}
		defer restore()
		return reportsql.Read(ctx, c, &raw, v)
	})
	if err != nil {
		return report.Raw{}, err
	}
	return raw, nil
}
