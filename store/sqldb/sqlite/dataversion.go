package sqlite

import (
	"context"
	"database/sql"
	"sync"
)

// DataVersion tells whether the file changed: PRAGMA data_version, asked on
// a connection of its own that never writes, moves on whenever any other
// connection (this process's writer, another process's) commits. Version
// numbers its readings so that they only grow, across a reopened
// connection too (store/sqldb/viewsql).
//
// A reading costs a read transaction on the file (a few cgo calls), so
// concurrent callers share one: a call waits for the next reading that
// starts after it arrived (one under way may predate a commit the caller
// has seen), and everyone who arrived meanwhile gets that same reading. A
// burst of fifty `/mentor status` costs two or three readings, as a burst
// of delivery keys costs two or three commits.
type DataVersion struct {
	path     string
	readOnly bool

	mu      sync.Mutex
	waiting []chan reading // calls waiting for the next reading
	running bool           // a goroutine is taking readings
	closed  bool

	// Owned by the reading goroutine (and Close once it is gone).
	db      *sql.DB
	raw     int64  // the last data_version read on db
	version uint64 // what Version reports: bumped when raw changes or db is new
}

type reading struct {
	version uint64
	ok      bool
}

// NewDataVersion watches the file at path; it connects on first use.
func NewDataVersion(path string, readOnly bool) *DataVersion {
	return &DataVersion{path: path, readOnly: readOnly}
}

// Version is the file's change version, read after the call began; ok is
// false when it could not be read.
func (d *DataVersion) Version(ctx context.Context) (uint64, bool) {
	ch := make(chan reading, 1)
	d.mu.Lock()
	d.waiting = append(d.waiting, ch)
	if !d.running {
		d.running = true
		go d.run()
	}
	d.mu.Unlock()
	select {
	case r := <-ch:
		return r.version, r.ok
	case <-ctx.Done():
		return 0, false
	}
}

// run takes readings while calls wait for one.
func (d *DataVersion) run() {
	for {
		d.mu.Lock()
		batch := d.waiting
		d.waiting = nil
		if len(batch) == 0 || d.closed {
			d.running = false
			if d.closed && d.db != nil {
				d.db.Close()
				d.db = nil
			}
			d.mu.Unlock()
			for _, ch := range batch {
				ch <- reading{}
			}
			return
		}
		d.mu.Unlock()
		r := d.read()
		for _, ch := range batch {
			ch <- r
		}
	}
}

func (d *DataVersion) read() reading {
	if d.db == nil {
		db, err := sql.Open(Driver, ReaderDSN(d.path, d.readOnly))
		if err != nil {
			return reading{}
		}
		db.SetMaxOpenConns(1)
		db.SetMaxIdleConns(1)
		d.db, d.raw = db, -1
	}
	var raw int64
	// No caller's context: one giving up must not fail the others.
	if err := d.db.QueryRowContext(context.Background(), `PRAGMA data_version`).Scan(&raw); err != nil {
		// A new connection counts afresh: never compare across them.
		d.db.Close()
		d.db = nil
		return reading{}
	}
	if raw != d.raw {
		d.raw = raw
		d.version++
	}
	return reading{version: d.version, ok: true}
}

// Close closes the connection (at the end of a reading under way).
func (d *DataVersion) Close() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.closed = true
	if d.running || d.db == nil {
		return nil
	}
	err := d.db.Close()
	d.db = nil
	return err
}
