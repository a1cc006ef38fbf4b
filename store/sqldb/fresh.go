package sqldb

import (
	"context"
	"time"
)

// KeepReadersFresh keeps the ack path's model current once writes stop
// (viewsql.Views.KeepFresh), looking at the version every 100 ms on SQLite
// (a data_version reading of a few microseconds) and every 500 ms on
// PostgreSQL (a query over the network); quiet is the bot's wait for the
// acks under way.
func (d *DB) KeepReadersFresh(ctx context.Context, quiet func(context.Context)) {
	every := 100 * time.Millisecond
	if d.eng.name() != "sqlite" {
		every = 500 * time.Millisecond
	}
	d.views.KeepFresh(ctx, every, quiet, func(err error) { d.log.Warn("refreshing the ack path's model", "err", err) })
}

// RefreshReaders rebuilds the model now if the database changed since it
// was built (and rebuilds' spacing allows); rebuilt tells whether it was.
func (d *DB) RefreshReaders(ctx context.Context) (rebuilt bool, err error) {
	return d.views.Refresh(ctx)
}
