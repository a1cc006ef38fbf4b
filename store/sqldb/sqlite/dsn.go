// Package sqlite is what store/sqldb needs that only SQLite has: the
// driver and its connection strings, the schema migrations, private
// database files, WAL checkpoints, VACUUM INTO backups and the integrity
// check. The queries themselves are store/sqldb's, shared by every engine;
// another engine gets a sibling package with its own migrations.
package sqlite

import (
	"embed"
	"net/url"
	"strconv"
	"strings"

	_ "github.com/mattn/go-sqlite3" // registers the "sqlite3" driver
)

// Driver is the database/sql driver name.
const Driver = "sqlite3"

// Migrations holds the numbered schema migrations, NNNN_what.sql, under
// migrations/.
//
//go:embed migrations/*.sql
var Migrations embed.FS

// DSN builds the go-sqlite3 connection string for path. The pragmas live in the
// DSN so every pooled connection gets them: WAL lets readers run beside the
// writer, busy_timeout waits out short locks instead of failing,
// _txlock=immediate takes the write lock at BEGIN so two writers cannot
// deadlock on a lock upgrade, secure_delete overwrites erased personal data.
// synchronous=FULL syncs the WAL at every commit, so a committed claim or
// sign-up survives power loss too, not only a process crash
// (docs/operations.md, "Durability").
func DSN(path string, readOnly bool) string {
	return dsn(path, readOnly, "immediate", 10000)
}

// ReaderDSN is DSN for read-only snapshots: a plain (deferred) BEGIN, which
// in WAL mode neither waits for writers nor holds them up.
func ReaderDSN(path string, readOnly bool) string {
	return dsn(path, readOnly, "deferred", 10000)
}

// probeDSN is ReaderDSN that never waits for a lock (busy_timeout 0): the
// data_version reading (DataVersion) is taken in the Socket Mode read loop,
// which must not wait; a reading that would wait fails, and the read is
// then served another way.
func probeDSN(path string, readOnly bool) string {
	return dsn(path, readOnly, "deferred", 0)
}

// stmtCache is how many prepared statements each connection keeps:
// preparing (parsing, planning) costs more than running most of the bot's
// queries, and they are the same few dozen over and over.
const stmtCache = 32

func dsn(path string, readOnly bool, txlock string, busyMillis int) string {
	q := url.Values{}
	q.Set("_journal_mode", "WAL")
	q.Set("_busy_timeout", strconv.Itoa(busyMillis))
	q.Set("_foreign_keys", "on")
	q.Set("_txlock", txlock)
	q.Set("_synchronous", "FULL")
	q.Set("_secure_delete", "on")
	q.Set("_stmt_cache_size", strconv.Itoa(stmtCache))
	if readOnly {
		q.Set("mode", "ro")
	}
	return "file:" + uriPathEscaper.Replace(path) + "?" + q.Encode()
}

// uriPathEscaper escapes what would end a SQLite URI filename early.
var uriPathEscaper = strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23")
