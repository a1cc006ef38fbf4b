// Package postgres is what store/sqldb needs that only PostgreSQL has: the
// pgx driver and its connection settings (pool limits, statement timeout),
// the schema migrations in PostgreSQL's dialect, the migration lock, the
// read snapshots and what replaces SQLite's file maintenance. The queries
// themselves are store/sqldb's, shared by every engine. Several `serve`
// replicas may share one database (docs/postgres.md).
package postgres

import (
	"embed"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib" // the database/sql driver over pgx
	"github.com/jmoiron/sqlx"
)

// Migrations holds the numbered schema migrations, NNNN_what.sql, under
// migrations/: the same numbers and tables as SQLite's.
//
//go:embed migrations/*.sql
var Migrations embed.FS

// IsURL reports whether target names a PostgreSQL database
// (postgres://… or postgresql://…) rather than a SQLite file.
func IsURL(target string) bool {
	return strings.HasPrefix(target, "postgres://") || strings.HasPrefix(target, "postgresql://")
}

// Pool limits. Each replica holds at most MaxOpenConns connections, so
// three replicas stay far below PostgreSQL's default max_connections of
// 100; a burst queues in Go instead. Connections are recycled so a
// failover or a restarted server is picked up without a restart of the
// bot.
const (
	MaxOpenConns    = 10
	MaxIdleConns    = 5
	ConnMaxLifetime = 30 * time.Minute
	ConnMaxIdleTime = 5 * time.Minute
)

// Session defaults, set on every connection unless the URL sets them
// (?statement_timeout=…). statement_timeout bounds a runaway query (the
// report reads for a second or two at 2M check-ins); an abandoned
// transaction cannot hold row locks for longer than
// idle_in_transaction_session_timeout; lock_timeout bounds a wait for a
// row another replica holds. jit is off: compiling a report query's
// expressions took longer (about half a second each) than running them,
// and the bot's own statements are too small to gain from it.
var sessionDefaults = map[string]string{
	"jit":                                 "off",
	"statement_timeout":                   "30s",
	"lock_timeout":                        "10s",
	"idle_in_transaction_session_timeout": "60s",
	"application_name":                    "mentorbot",
	"timezone":                            "UTC",
}

// Open returns a pool of connections to the database at rawURL. readOnly
// makes every transaction read-only (reports beside a running bot). It
// does not connect yet.
func Open(rawURL string, readOnly bool) (*sqlx.DB, error) {
	cfg, err := pgx.ParseConfig(rawURL)
	if err != nil {
		// pgx's message may quote the URL, password included.
		return nil, fmt.Errorf("store: parse the PostgreSQL URL %s: %s", Redact(rawURL), Redact(err.Error()))
	}
	for k, v := range sessionDefaults {
		if _, set := cfg.RuntimeParams[k]; !set {
			cfg.RuntimeParams[k] = v
		}
	}
	if readOnly {
		cfg.RuntimeParams["default_transaction_read_only"] = "on"
	}
	db := sqlx.NewDb(stdlib.OpenDB(*cfg), "pgx")
	db.SetMaxOpenConns(MaxOpenConns)
	db.SetMaxIdleConns(MaxIdleConns)
	db.SetConnMaxLifetime(ConnMaxLifetime)
	db.SetConnMaxIdleTime(ConnMaxIdleTime)
	return db, nil
}

// Redact replaces the password of every postgres URL in s with "xxxxx", so
// errors and logs never show it.
func Redact(s string) string {
	for _, scheme := range []string{"postgres://", "postgresql://"} {
		from := 0
		for {
			i := strings.Index(s[from:], scheme)
			if i < 0 {
				break
			}
			start := from + i
			end := start + len(scheme)
			for end < len(s) && !strings.ContainsRune(" \t\n\"'", rune(s[end])) {
				end++
			}
			s = s[:start] + redactURL(s[start:end]) + s[end:]
			from = start + len(scheme)
		}
	}
	return s
}

func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		// Unparseable: keep only the scheme.
		scheme, _, _ := strings.Cut(raw, "//")
		return scheme + "//…"
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	q := u.Query()
	if q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.String()
}
