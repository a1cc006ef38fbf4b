package sqldb

import (
	"context"
	"time"
)

// How often KeepReadersFresh looks at the database's version: on SQLite a
// data_version reading of a few microseconds, on PostgreSQL a query over
// the network.
const (
	freshPollSQLite   = 100 * time.Millisecond
	freshPollPostgres = 500 * time.Millisecond
	// writingPolls bounds how many polls a rebuild waits for writes to
	// stop: a database written to without a pause is still rebuilt.
	writingPolls = 10
)

// KeepReadersFresh rebuilds the ack path's model (viewsql) soon after
// writes stop, until ctx ends: a write otherwise leaves it stale until the
// next read, the first of a burst, which then pays for the rebuild. It
// rebuilds once the version held still for a poll (the work of a burst's
// clicks commits many times: one rebuild after them, not one per commit)
// and after quiet returns: the bot passes a wait for the envelopes under
// way to be acked, so a rebuild never takes the cores from a burst's acks.
// Another replica's writes are seen the same way.
func (d *DB) KeepReadersFresh(ctx context.Context, quiet func(context.Context)) {
	poll := freshPollSQLite
	if d.eng.name() != "sqlite" {
		poll = freshPollPostgres
	}
	t := time.NewTicker(poll)
	defer t.Stop()
	f := d.Freshener(quiet)
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := f.Step(ctx); err != nil && ctx.Err() == nil {
				d.log.Warn("refreshing the ack path's model", "err", err)
			}
		}
	}
}

// Freshener is KeepReadersFresh one poll at a time (tests call Step).
type Freshener struct {
	d     *DB
	quiet func(context.Context)
	seen  uint64 // the version the last poll saw
	polls int    // polls the model has been stale while the version moved
}

// Freshener starts polling; quiet may be nil.
func (d *DB) Freshener(quiet func(context.Context)) *Freshener {
	return &Freshener{d: d, quiet: quiet}
}

// Step is one poll: the model is rebuilt if it is stale, the version has
// not moved since the last poll (or moved for writingPolls polls in a
// row), quiet has returned, and the spacing of rebuilds allows.
func (f *Freshener) Step(ctx context.Context) (rebuilt bool, err error) {
	ver, stale, ok := f.d.views.Stale(ctx)
	if !ok || !stale {
		f.seen, f.polls = ver, 0
		return false, nil
	}
	if ver != f.seen && f.polls < writingPolls {
		f.seen = ver
		f.polls++
		return false, nil // still being written to
	}
	f.seen, f.polls = ver, 0
	if f.quiet != nil {
		f.quiet(ctx)
	}
	return f.d.RefreshReaders(ctx)
}

// RefreshReaders rebuilds the model now if the database changed since it
// was built (and rebuilds' spacing allows); rebuilt tells whether it was.
func (d *DB) RefreshReaders(ctx context.Context) (rebuilt bool, err error) {
	return d.views.Refresh(ctx)
}
