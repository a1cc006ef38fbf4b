package sqldb

import (
	"context"
)

// Backup writes a consistent copy of the live database to path, which must
// not exist, mode 0600 (sqlite.Backup). On PostgreSQL it copies nothing and
// returns postgres.ErrNoFileBackup, which explains pg_dump.
func (d *DB) Backup(ctx context.Context, path string) error { return d.eng.backup(ctx, path) }

// Checkpoint copies the write-ahead log into the database file and
// truncates the log (sqlite.Checkpoint); busy is an error. PostgreSQL
// checkpoints on its own: nothing to do.
func (d *DB) Checkpoint(ctx context.Context) error { return d.eng.checkpoint(ctx) }

// IntegrityCheck returns the database's own verdict: "ok", or the problems
// found, one per line (sqlite.IntegrityCheck, postgres.IntegrityCheck).
func (d *DB) IntegrityCheck(ctx context.Context) (string, error) {
	return d.eng.integrityCheck(ctx)
}
