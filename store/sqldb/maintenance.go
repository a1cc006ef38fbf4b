package sqldb

import (
	"context"
	"fmt"
	"strings"

	"github.com/mentorbot/mentorbot/store"
)

// Checkpoint copies the write-ahead log into the database file and
// truncates the log to zero bytes (PRAGMA wal_checkpoint(TRUNCATE)). After
// it, erased data is gone from the -wal file too, and the database file
// alone is a complete copy. It waits (busy_timeout) for readers and
// writers of other connections; busy is reported as an error.
func (d *DB) Checkpoint(ctx context.Context) error {
	var busy, logFrames, checkpointed int
	row := d.db.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
	if err := row.Scan(&busy, &logFrames, &checkpointed); err != nil {
		return fmt.Errorf("store: checkpoint: %w", err)
	}
	if busy != 0 {
		return fmt.Errorf("store: checkpoint: another connection kept the log busy (%d of %d frames copied): %w", checkpointed, logFrames, store.ErrConflict)
	}
	return nil
}

// IntegrityCheck runs PRAGMA integrity_check and returns its verdict:
// "ok", or the problems found, one per line.
func (d *DB) IntegrityCheck(ctx context.Context) (string, error) {
	var lines []string
	if err := d.rdb.SelectContext(ctx, &lines, `PRAGMA integrity_check`); err != nil {
		return "", fmt.Errorf("store: integrity check: %w", err)
	}
	return strings.Join(lines, "\n"), nil
}
