package sqldb

import (
	"context"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"

	"github.com/jmoiron/sqlx"
)

// migrationDir is where each engine keeps its migrations: the same
// numbers and tables, each in its own dialect.
const migrationDir = "migrations"

// migration is one numbered .sql file.
type migration struct {
	version int
	name    string
	sql     string
}

func loadMigrations(migrationFiles fs.FS) ([]migration, error) {
	entries, err := fs.ReadDir(migrationFiles, migrationDir)
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		if !ok {
			return nil, fmt.Errorf("store: migration %q: name must be NNNN_what.sql", e.Name())
		}
		v, err := strconv.Atoi(num)
		if err != nil {
			return nil, fmt.Errorf("store: migration %q: %w", e.Name(), err)
		}
		body, err := fs.ReadFile(migrationFiles, migrationDir+"/"+e.Name())
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: e.Name(), sql: string(body)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i := 1; i < len(ms); i++ {
		if ms[i].version == ms[i-1].version {
			return nil, fmt.Errorf("store: two migrations numbered %d", ms[i].version)
		}
	}
	return ms, nil
}

// Migrate applies every migration not applied yet, each in its own
// transaction, and returns how many ran. Two processes migrating at once are
// safe: each transaction first takes the migration lock (SQLite: the
// immediate transaction's write lock; PostgreSQL: an advisory lock), so
// they run one after the other and the second sees the version already
// recorded.
func (d *DB) Migrate(ctx context.Context) (int, error) {
	ms, err := loadMigrations(d.eng.migrations())
	if err != nil {
		return 0, err
	}
	if err := d.tx(ctx, func(tx *sqlx.Tx) error {
		if err := d.eng.lockMigrations(ctx, tx); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
			version INTEGER PRIMARY KEY,
			name TEXT NOT NULL,
			applied_at TIMESTAMP NOT NULL)`)
		return err
	}); err != nil {
		return 0, fmt.Errorf("store: migrate: %w", err)
	}
	applied := 0
	for _, m := range ms {
		ran := false
		err := d.tx(ctx, func(tx *sqlx.Tx) error {
			ran = false
			if err := d.eng.lockMigrations(ctx, tx); err != nil {
				return err
			}
			var n int
			if err := tx.GetContext(ctx, &n, tx.Rebind(`SELECT COUNT(*) FROM schema_migrations WHERE version = ?`), m.version); err != nil {
				return err
			}
			if n > 0 {
				return nil
			}
			if _, err := tx.ExecContext(ctx, m.sql); err != nil {
				return fmt.Errorf("store: migration %s: %w", m.name, err)
			}
			_, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`),
				m.version, m.name, d.Now())
			ran = true
			return err
		})
		if err != nil {
			return applied, err
		}
		if ran {
			applied++
		}
	}
	// A leave interrupted before its log was truncated finishes at the
	// next write.
	return applied, d.loadErasePending(ctx)
}

// SchemaVersion is the highest applied migration (0 for a new file).
func (d *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := d.read(ctx, func(tx *sqlx.Tx) error {
		return tx.GetContext(ctx, &v, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`)
	})
	return v, err
}
