package sqlite

import (
	"context"
	"database/sql/driver"
	"fmt"

	"github.com/jmoiron/sqlx"
)

// Unsynced runs fn in a write transaction on db (the one writer
// connection) whose commit does not wait for the disk: synchronous=NORMAL
// for this one commit (WAL: the commit is in the operating system's hands,
// safe from a killed process, not from a power cut), then FULL again
// before the connection serves any other write. A connection that cannot
// be set back is dropped, never handed back relaxed.
func Unsynced(ctx context.Context, db *sqlx.DB, fn func(tx *sqlx.Tx) error) error {
	conn, err := db.Connx(ctx) // kept until FULL again
	if err != nil {
		return fmt.Errorf("store: writer: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `PRAGMA synchronous = NORMAL`); err != nil {
		return fmt.Errorf("store: relax sync: %w", err)
	}
	defer func() {
		if _, err := conn.ExecContext(context.Background(), `PRAGMA synchronous = FULL`); err != nil {
			_ = conn.Raw(func(any) error { return driver.ErrBadConn })
		}
	}()
	tx, err := conn.BeginTxx(ctx, nil) // BEGIN IMMEDIATE (DSN)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}
