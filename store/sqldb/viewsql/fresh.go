package viewsql

import (
	"context"
	"time"
)

// writingPolls bounds how many polls a rebuild waits for writes to stop:
// a database written to without a pause is still rebuilt.
const writingPolls = 10

// KeepFresh rebuilds the model soon after writes stop, polling the version
// every so often, until ctx ends: a write otherwise leaves it stale until
// the next read, the first of a burst, which then pays for the rebuild. It
// rebuilds once the version held still for a poll (the work of a burst's
// clicks commits many times: one rebuild after them, not one per commit)
// and after quiet returns: the bot passes a wait for the envelopes under
// way to be acked, so a rebuild never takes the cores from a burst's acks.
// Another replica's writes are seen the same way. warn hears failures.
func (v *Views) KeepFresh(ctx context.Context, every time.Duration, quiet func(context.Context), warn func(error)) {
	t := time.NewTicker(every)
	defer t.Stop()
	f := v.Freshener(quiet)
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := f.Step(ctx); err != nil && ctx.Err() == nil {
				warn(err)
			}
		}
	}
}

// Freshener is KeepFresh one poll at a time (tests call Step).
type Freshener struct {
	v     *Views
	quiet func(context.Context)
	seen  uint64 // the version the last poll saw
	polls int    // polls the model has been stale while the version moved
}

// Freshener starts polling; quiet may be nil.
func (v *Views) Freshener(quiet func(context.Context)) *Freshener {
	return &Freshener{v: v, quiet: quiet}
}

// Step is one poll: the model is rebuilt if it is stale, the version has
// not moved since the last poll (or moved for writingPolls polls in a
// row), quiet has returned, and the spacing of rebuilds allows.
func (f *Freshener) Step(ctx context.Context) (rebuilt bool, err error) {
	ver, stale, ok := f.v.Stale(ctx)
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
	return f.v.refreshAt(ctx, ver) // the version just read: no second reading
}
