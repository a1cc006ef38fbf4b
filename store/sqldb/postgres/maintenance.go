package postgres

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jmoiron/sqlx"
)

// ErrNoFileBackup is Backup's answer: a server database is backed up by
// the server's own tools.
var ErrNoFileBackup = errors.New(`backup: on PostgreSQL "mentorbot backup" copies nothing. Use the server's tools: ` +
	`pg_dump --format=custom --file=mentorbot.dump "$MENTORBOT_DB" takes a consistent copy while the bot runs ` +
	`(pg_restore --dbname=… mentorbot.dump puts it back), or your provider's snapshots and point-in-time recovery ` +
	`(docs/postgres.md, "Backups"). The dump holds personal data and feedback: keep it as private as the database`)

// LockMigrations takes the migration lock inside tx, held until it ends:
// replicas starting together apply each migration once, one after the
// other. The key is the schema's, so databases and schemas sharing a
// server do not wait for each other.
func LockMigrations(ctx context.Context, tx *sqlx.Tx) error {
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(1835365492, hashtext(current_schema()))`); err != nil {
		return fmt.Errorf("store: migration lock: %w", err)
	}
	return nil
}

// Snapshot runs fn inside one REPEATABLE READ, READ ONLY transaction on a
// connection of its own: every query fn runs sees the same snapshot, and
// under MVCC it neither waits for writers nor holds them up.
func Snapshot(ctx context.Context, db *sqlx.DB, fn func(c *sqlx.Conn) error) error {
	return snapshot(ctx, db, "", fn)
}

// Snapshots runs fn with n connections of db, each in a REPEATABLE READ,
// READ ONLY transaction on one snapshot: the first exports it
// (pg_export_snapshot) and the others adopt it, so fn may read them in
// parallel and still see one database state (pg_dump's way of dumping in
// parallel). Their statements get no parallel workers of their own: the
// caller already reads on n connections at once, and workers on top of
// that oversubscribe the server's cores (the 100k/2M report on two cores:
// 3.6 s of server CPU and 2.3 s wall with them, 2.7 s and 1.8 s without,
// docs/benchmarks.md "Reports"), and leave none for the bot's replicas.
func Snapshots(ctx context.Context, db *sqlx.DB, n int, fn func(cs []*sqlx.Conn) error) error {
	return Snapshot(ctx, db, func(first *sqlx.Conn) error {
		if n <= 1 {
			return fn([]*sqlx.Conn{first})
		}
		var id string
		if err := first.GetContext(ctx, &id, `SELECT pg_export_snapshot()`); err != nil {
			return fmt.Errorf("store: export snapshot: %w", err)
		}
		return adopt(ctx, db, id, []*sqlx.Conn{first}, n, func(cs []*sqlx.Conn) error {
			for _, c := range cs {
				if _, err := c.ExecContext(ctx, `SET LOCAL max_parallel_workers_per_gather = 0`); err != nil {
					return fmt.Errorf("store: parallel readers: %w", err)
				}
			}
			return fn(cs)
		})
	})
}

// adopt opens connections on the exported snapshot id until cs has n.
func adopt(ctx context.Context, db *sqlx.DB, id string, cs []*sqlx.Conn, n int, fn func(cs []*sqlx.Conn) error) error {
	if len(cs) == n {
		return fn(cs)
	}
	return snapshot(ctx, db, id, func(c *sqlx.Conn) error { return adopt(ctx, db, id, append(cs, c), n, fn) })
}

// snapshot runs fn in a REPEATABLE READ, READ ONLY transaction on a
// connection of its own, on the exported snapshot id when it is set.
func snapshot(ctx context.Context, db *sqlx.DB, id string, fn func(c *sqlx.Conn) error) error {
	conn, err := db.Connx(ctx)
	if err != nil {
		return fmt.Errorf("store: connect: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY`); err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	defer func() {
		if _, err := conn.ExecContext(context.WithoutCancel(ctx), `ROLLBACK`); err != nil {
			_ = conn.Raw(func(any) error { return driver.ErrBadConn })
		}
	}()
	if id != "" {
		// The identifier comes from the server; it is quoted as a literal
		// all the same.
		if _, err := conn.ExecContext(ctx, `SET TRANSACTION SNAPSHOT `+pgLiteral(id)); err != nil {
			return fmt.Errorf("store: import snapshot: %w", err)
		}
	}
	return fn(conn)
}

func pgLiteral(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// SchemaVersion reads the applied migration version inside c's snapshot;
// a database without the migrations table is version 0.
func SchemaVersion(ctx context.Context, c *sqlx.Conn) (int, error) {
	var exists bool
	if err := c.GetContext(ctx, &exists, `SELECT to_regclass('schema_migrations') IS NOT NULL`); err != nil {
		return 0, fmt.Errorf("store: schema version: %w", err)
	}
	if !exists {
		return 0, nil
	}
	var v int
	if err := c.GetContext(ctx, &v, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`); err != nil {
		return 0, fmt.Errorf("store: schema version: %w", err)
	}
	return v, nil
}

// IntegrityCheck is SQLite's integrity_check for the server: PostgreSQL
// checks its own pages (data checksums, amcheck for the operator). Here it
// reads every table's row count and answers "ok" when all are readable.
func IntegrityCheck(ctx context.Context, db *sqlx.DB) (string, error) {
	var tables []string
	if err := db.SelectContext(ctx, &tables, `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename`); err != nil {
		return "", fmt.Errorf("store: integrity check: %w", err)
	}
	for _, t := range tables {
		var n int64
		if err := db.GetContext(ctx, &n, `SELECT COUNT(*) FROM `+pgQuote(t)); err != nil {
			return t + ": " + err.Error(), nil
		}
	}
	return "ok", nil
}

func pgQuote(ident string) string {
	out := []byte{'"'}
	for i := 0; i < len(ident); i++ {
		if ident[i] == '"' {
			out = append(out, '"')
		}
		out = append(out, ident[i])
	}
	return string(append(out, '"'))
}

// SerializationFailure: PostgreSQL refused the transaction (at any
// statement or at COMMIT) and wrote nothing of it.
func SerializationFailure(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && (pgErr.Code == "40001" || pgErr.Code == "40P01")
}

// Retryable reports whether a transaction that failed with err (before
// its COMMIT was sent) may run again from the start: a serialization
// failure or deadlock of SERIALIZABLE isolation, or a connection the
// server closed (a restart, a failover), where the transaction died with
// it. Errors of the COMMIT itself are never retried: it may have
// succeeded.
func Retryable(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch {
		case pgErr.Code == "40001", pgErr.Code == "40P01": // serialization_failure, deadlock_detected
			return true
		case pgErr.Code == "57P01", pgErr.Code == "57P02", pgErr.Code == "57P03": // admin/crash shutdown, cannot connect now
			return true
		case len(pgErr.Code) == 5 && pgErr.Code[:2] == "08": // connection exception
			return true
		}
		return false
	}
	if errors.Is(err, driver.ErrBadConn) || pgconn.SafeToRetry(err) {
		return true
	}
	var connectErr *pgconn.ConnectError
	if errors.As(err, &connectErr) {
		return true
	}
	return isConnectionLost(err)
}
