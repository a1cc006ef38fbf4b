package sqldb

import (
	"context"

	"github.com/jmoiron/sqlx"
)

// Write and Read run fn in one write or read transaction (with the
// engine's retries), for the SQL packages beside this one (dashsql).
func (d *DB) Write(ctx context.Context, fn func(tx *sqlx.Tx) error) error { return d.tx(ctx, fn) }
func (d *DB) Read(ctx context.Context, fn func(tx *sqlx.Tx) error) error  { return d.read(ctx, fn) }
