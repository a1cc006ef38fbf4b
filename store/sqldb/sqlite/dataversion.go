package sqlite

import (
	"database/sql/driver"
	"io"
	"strconv"

	"github.com/mattn/go-sqlite3"
)

// DataVersion is the file's change token for store/sqldb/viewsql: PRAGMA
// data_version, asked on a connection of its own that never writes, moves
// on whenever any other connection (this process's writer, another
// process's) commits. A reopened connection counts afresh, so the token
// carries the connection's generation and is never compared across two.
//
// The connection is the driver's own, not a database/sql pool's: a
// reading is on the ack path of every `/mentor help` and status, and
// database/sql's pool and rows bookkeeping cost as much as the reading.
type DataVersion struct {
	path     string
	readOnly bool
	conn     driver.Conn
	query    driver.Stmt // PRAGMA data_version, compiled once per connection
	gen      int
	dest     []driver.Value
}

// NewDataVersion watches the file at path; it connects on first use.
func NewDataVersion(path string, readOnly bool) *DataVersion {
	return &DataVersion{path: path, readOnly: readOnly, dest: make([]driver.Value, 1)}
}

// Token is "generation/data_version" (viewsql.Probe).
func (d *DataVersion) Token() (string, bool) {
	if d.conn == nil {
		conn, err := (&sqlite3.SQLiteDriver{}).Open(probeDSN(d.path, d.readOnly))
		if err != nil {
			return "", false
		}
		query, err := conn.Prepare(`PRAGMA data_version`)
		if err != nil {
			conn.Close()
			return "", false
		}
		d.conn, d.query = conn, query
		d.gen++
	}
	raw, err := d.read()
	if err != nil {
		d.Close()
		return "", false
	}
	return strconv.Itoa(d.gen) + "/" + strconv.FormatInt(raw, 10), true
}

// read runs the query once.
func (d *DataVersion) read() (int64, error) {
	// The driver's context-free Query: nothing here is ever cancelled.
	rows, err := d.query.Query(nil)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	if err := rows.Next(d.dest); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return 0, err
	}
	v, ok := d.dest[0].(int64)
	if !ok {
		return 0, io.ErrUnexpectedEOF
	}
	return v, nil
}

// Instant: a reading is a few microseconds on a connection of its own, so
// the Socket Mode read loop may take one (viewsql.SharedVersion.VersionNow).
func (d *DataVersion) Instant() bool { return true }

// Close closes the connection.
func (d *DataVersion) Close() error {
	if d.conn == nil {
		return nil
	}
	d.query.Close()
	err := d.conn.Close()
	d.conn, d.query = nil, nil
	return err
}
