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

// reportConns is how many connections a report reads on in parallel, all
// in one snapshot: its two passes over every check-in take about as long
// as the rest together.
const reportConns = 2

// parallelReport is held by the report reading on reportConns connections.
var parallelReport = make(chan struct{}, 1)

// ReportData gathers the raw figures of a report in one consistent
// snapshot, read on reportConns connections in parallel (beside a running
// bot thanks to WAL, taking no lock: see sqlite.Snapshots and
// postgres.Snapshots). It only reads, so it works on a read-only handle.
// Every figure but the ratings is aggregated in SQL; what comes back is a
// few rows per department and per week, one row per active pairing for
// the health rules, and one small row per rating for the release rule.
//
// A person who left counts in Participants.Left and their activity in
// Former (their department is erased); their pairings count as ended.
func (d *DB) ReportData(ctx context.Context, scope report.Scope) (report.Raw, error) {
	raw := report.Raw{Scope: scope, GeneratedAt: d.Now()}
	raw.Scope.Since = scope.Since.UTC()
	// One report at a time reads on several connections: one waiting for
	// its second connection while holding its first cannot then starve
	// another doing the same.
	n := 1
	select {
	case parallelReport <- struct{}{}:
		defer func() { <-parallelReport }()
		n = reportConns
	default:
	}
	err := d.eng.snapshots(ctx, n, func(cs []*sqlx.Conn) error {
		v, err := d.eng.schemaVersion(ctx, cs[0])
		if err != nil {
			return err
		}
		if v < reportSchema {
			return fmt.Errorf("schema version %d, reports need %d: run `mentorbot migrate`: %w", v, reportSchema, store.ErrSchemaTooOld)
		}
		// Migrations apply by number, so a schema past 0020 may still
		// lack it (migrated by a build without it): ask for 0020 itself.
		var marks int
		if err := cs[0].GetContext(ctx, &marks, cs[0].Rebind(`SELECT COUNT(*) FROM schema_migrations WHERE version = ?`), reportsql.MarksSchema); err != nil {
			return fmt.Errorf("store: report: %w", err)
		}
		rs := make([]reportsql.Reader, len(cs))
		for i, c := range cs {
			restore, err := d.eng.growCache(ctx, c)
			if err != nil {
				return fmt.Errorf("store: report: %w", err)
			}
			defer restore()
			rs[i] = c
		}
		return reportsql.Read(ctx, rs, &raw, marks > 0)
	})
	if err != nil {
		return report.Raw{}, err
	}
	return raw, nil
}
