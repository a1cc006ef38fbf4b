package sqlite

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/mentorbot/mentorbot/store"
)

// Checkpoint copies the write-ahead log into the database file and
// truncates the log to zero bytes (PRAGMA wal_checkpoint(TRUNCATE)). After
// it, erased data is gone from the -wal file too, and the database file
// alone is a complete copy. It waits (busy_timeout) for readers and
// writers of other connections; busy is reported as an error. db is the
// writer pool.
func Checkpoint(ctx context.Context, db *sqlx.DB) error {
	var busy, logFrames, checkpointed int
	row := db.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
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
func IntegrityCheck(ctx context.Context, db *sqlx.DB) (string, error) {
	var lines []string
	if err := db.SelectContext(ctx, &lines, `PRAGMA integrity_check`); err != nil {
		return "", fmt.Errorf("store: integrity check: %w", err)
	}
	return strings.Join(lines, "\n"), nil
}

// NormalBusyTimeout is the DSN's busy_timeout, restored after a checkpoint.
const NormalBusyTimeout = 10 * time.Second

// TruncateLog runs PRAGMA wal_checkpoint(TRUNCATE) on a connection of the
// writer pool db, waiting at most busy for other connections. It returns an
// ErrConflict when they kept the log busy.
func TruncateLog(ctx context.Context, db *sqlx.DB, busy time.Duration) error {
	conn, err := db.Connx(ctx)
	if err != nil {
		return fmt.Errorf("store: checkpoint: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, fmt.Sprintf(`PRAGMA busy_timeout = %d`, busy.Milliseconds())); err != nil {
		return fmt.Errorf("store: checkpoint: %w", err)
	}
	defer func() {
		// The connection goes back to the pool: restore the DSN's wait
		// even if ctx is done.
		_, _ = conn.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf(`PRAGMA busy_timeout = %d`, NormalBusyTimeout.Milliseconds()))
	}()
	var blocked, logFrames, copied int
	if err := conn.QueryRowxContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&blocked, &logFrames, &copied); err != nil {
		return fmt.Errorf("store: checkpoint: %w", err)
	}
	if blocked != 0 {
		return fmt.Errorf("store: checkpoint: another connection kept the log busy (%d of %d frames copied): %w", copied, logFrames, store.ErrConflict)
	}
	return nil
}

// Backup writes a consistent copy of the live database to path with VACUUM
// INTO, which reads one snapshot while the bot keeps writing. The
// destination must not exist. The copy is mode 0600, like the database:
// it is created empty and private first, and VACUUM INTO fills it. db is
// the reader pool.
func Backup(ctx context.Context, db *sqlx.DB, path string) error {
	if err := createPrivate(path); errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("backup: %s exists already: %w", path, store.ErrConflict)
	} else if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if _, err := db.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		os.Remove(path)
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}
