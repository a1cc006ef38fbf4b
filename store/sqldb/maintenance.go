package sqldb

import (
	"context"

	"github.com/mentorbot/mentorbot/store/sqldb/sqlite"
)

// Backup writes a consistent copy of the live database to path, which must
// not exist, mode 0600 (sqlite.Backup).
func (d *DB) Backup(ctx context.Context, path string) error { return sqlite.Backup(ctx, d.rdb, path) }

// Checkpoint copies the write-ahead log into the database file and
// truncates the log (sqlite.Checkpoint); busy is an error.
func (d *DB) Checkpoint(ctx context.Context) error { return sqlite.Checkpoint(ctx, d.db) }

// IntegrityCheck returns the database's own verdict: "ok", or the problems
// found, one per line (sqlite.IntegrityCheck).
func (d *DB) IntegrityCheck(ctx context.Context) (string, error) {
	return sqlite.IntegrityCheck(ctx, d.rdb)
}
