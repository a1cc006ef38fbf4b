package sqlite

import (
	"context"
	"database/sql"
	"strconv"
)

// DataVersion is the file's change token for store/sqldb/viewsql: PRAGMA
// data_version, asked on a connection of its own that never writes, moves
// on whenever any other connection (this process's writer, another
// process's) commits. A reopened connection counts afresh, so the token
// carries the connection's generation and is never compared across two.
type DataVersion struct {
	path     string
	readOnly bool
	db       *sql.DB
	gen      int
}

// NewDataVersion watches the file at path; it connects on first use.
func NewDataVersion(path string, readOnly bool) *DataVersion {
	return &DataVersion{path: path, readOnly: readOnly}
}

// Token is "generation/data_version" (viewsql.Probe).
func (d *DataVersion) Token() (string, bool) {
	if d.db == nil {
		db, err := sql.Open(Driver, ReaderDSN(d.path, d.readOnly))
		if err != nil {
			return "", false
		}
		db.SetMaxOpenConns(1)
		db.SetMaxIdleConns(1)
		d.db = db
		d.gen++
	}
	var raw int64
	// No caller's context: one giving up must not fail the others.
	if err := d.db.QueryRowContext(context.Background(), `PRAGMA data_version`).Scan(&raw); err != nil {
		d.db.Close()
		d.db = nil
		return "", false
	}
	return strconv.Itoa(d.gen) + "/" + strconv.FormatInt(raw, 10), true
}

// Close closes the connection.
func (d *DataVersion) Close() error {
	if d.db == nil {
		return nil
	}
	err := d.db.Close()
	d.db = nil
	return err
}
