// Package viewsql keeps, in memory, what the commands answered in their ack
// read from the store (every person's participant record and status, the
// program list), as one model of the whole database read in one snapshot,
// and serves it for as long as the database has not changed since.
// `/mentor help`, `/mentor status` and a sign-up form's validation then
// answer without a database round trip while nothing is written, and see
// every committed write, this process's or another's, the moment it is
// committed (docs/benchmarks.md, "Socket Mode acks").
//
// Whether the database changed comes from the engine (Versioner, usually
// a SharedVersion over the engine's Probe): on SQLite the file's
// data_version, on PostgreSQL a fresh snapshot's text. Without a usable version every read goes
// to the database. After a change, reads go to the database (one person at
// a time, as without the model) while the model is rebuilt in the
// background, spaced so that rebuilding takes at most a twentieth of the
// time.
package viewsql

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// Versioner tells the database's change version: a number that differs
// after any commit. ok is false when it cannot tell (then nothing is served
// from memory).
type Versioner interface {
	Version(ctx context.Context) (v uint64, ok bool)
}

// Snapshot is what the model is built from, read in one transaction.
type Snapshot struct {
	Participants []store.Participant // everyone not gone, with topics and programs
	Pairings     []store.Pairing     // the active ones, by id
	LastCheckIns []LastCheckIn
	Programs     []store.Program // as DB.Programs lists them
}

// LastCheckIn is a person's most recent check-in sent.
type LastCheckIn struct {
	ParticipantID int64     `db:"participant_id"`
	SentAt        time.Time `db:"sent_at"`
}

// A rebuild reads every person, so a database written to all the time is
// not read whole all the time too: after a rebuild, the next waits twenty
// times as long as it took, and at least minRebuildGap.
const minRebuildGap = 50 * time.Millisecond

// Views serve the ack path's reads. The zero value, or New(nil, …), reads
// through.
type Views struct {
	ver  Versioner
	load func(ctx context.Context) (Snapshot, error)

	served  atomic.Uint64 // reads answered from the model
	waiters atomic.Int32  // stale reads waiting for a build under way

	mu        sync.Mutex
	m         *model // nil until built
	building  bool
	built     chan struct{} // closed when the build under way ends
	lastBuild time.Duration // how long the last build took
	// shareFloor lengthens the wait for a build under way (tests).
	shareFloor time.Duration
	nextBuild  time.Time // no rebuild starts before
	closed     bool
	// background holds rebuilds a read started; Close waits for them, so
	// none reads a database that is closing (or being dropped by a test).
	background sync.WaitGroup
}

// model is the database as of one version.
type model struct {
	version  uint64
	people   map[string]store.Status // by Slack ID
	programs []store.Program
}

// New builds views over ver and load; a nil ver disables them.
func New(ver Versioner, load func(ctx context.Context) (Snapshot, error)) *Views {
	return &Views{ver: ver, load: load}
}

// Warm builds the model now (at start-up, before the first burst).
func (v *Views) Warm(ctx context.Context) error {
	if v == nil || v.ver == nil {
		return nil
	}
	v.mu.Lock()
	done := v.beginBuildLocked()
	v.mu.Unlock()
	return v.rebuild(ctx, done)
}

// beginBuildLocked marks a build under way; rebuild ends it by closing
// done. (Warm may start one while another runs: each closes its own.)
func (v *Views) beginBuildLocked() (done chan struct{}) {
	v.building = true
	v.built = make(chan struct{})
	return v.built
}

// Refresh rebuilds the model now when the database changed since it was
// built and the spacing of rebuilds allows, so a model made stale by a
// write is current again before the next burst rather than during it
// (DB.KeepReadersFresh calls it once writes have stopped).
// rebuilt tells whether it rebuilt the model.
func (v *Views) Refresh(ctx context.Context) (rebuilt bool, err error) {
	if v == nil || v.ver == nil {
		return false, nil
	}
	ver, ok := v.ver.Version(ctx)
	if !ok {
		return false, nil
	}
	return v.refreshAt(ctx, ver)
}

// refreshAt is Refresh with the database at version ver, read already.
func (v *Views) refreshAt(ctx context.Context, ver uint64) (rebuilt bool, err error) {
	v.mu.Lock()
	if !v.staleLocked(ver) || v.building || time.Now().Before(v.nextBuild) {
		v.mu.Unlock()
		return false, nil
	}
	done := v.beginBuildLocked()
	v.mu.Unlock()
	return true, v.rebuild(ctx, done)
}

// staleLocked: the model is not built, or not of version ver.
func (v *Views) staleLocked(ver uint64) bool { return v.m == nil || v.m.version != ver }

// Stale tells the database's version and whether the model is behind it
// (or not built); ok is false when the version cannot be told.
func (v *Views) Stale(ctx context.Context) (version uint64, stale, ok bool) {
	if v == nil || v.ver == nil {
		return 0, false, false
	}
	ver, ok := v.ver.Version(ctx)
	if !ok {
		return 0, false, false
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	return ver, v.staleLocked(ver), true
}

// maxShareWait: a read that finds the model stale waits for the build
// under way (twice as long as the last build took) when builds are this
// quick; on a big workspace it reads the database at once.
const maxShareWait = 100 * time.Millisecond

// minShareWait is the shortest such wait (a timer's own precision).
const minShareWait = 10 * time.Millisecond

// current is the model if it is of the database's current version; else
// nil, and a rebuild starts if one may. A stale read waits for a quick
// build under way and takes the model it makes if that is of the version
// the read saw (read after the read began): a burst that comes right after
// a write then costs one build, not fifty reads of the database.
func (v *Views) current(ctx context.Context) *model {
	if v == nil || v.ver == nil {
		return nil
	}
	ver, ok := v.ver.Version(ctx)
	if !ok {
		return nil
	}
	v.mu.Lock()
	if m := v.servableLocked(ver); m != nil {
		v.mu.Unlock()
		return m
	}
	if !v.building && !v.closed && !time.Now().Before(v.nextBuild) {
		done := v.beginBuildLocked()
		v.background.Go(func() { _ = v.rebuild(context.Background(), done) })
	}
	built, wait := v.built, max(2*v.lastBuild, v.shareFloor, minShareWait)
	if !v.building || v.lastBuild == 0 || v.lastBuild > maxShareWait {
		v.mu.Unlock()
		return nil
	}
	v.mu.Unlock()
	v.waiters.Add(1)
	defer v.waiters.Add(-1)
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-built:
	case <-t.C:
		return nil
	case <-ctx.Done():
		return nil
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.servableLocked(ver)
}

// servableLocked is the model if it is of version ver, counted as served.
func (v *Views) servableLocked(ver uint64) *model {
	if v.m != nil && v.m.version == ver {
		v.served.Add(1)
		return v.m
	}
	return nil
}

// rebuild reads a snapshot and makes it the model. The version is read
// first: a commit between the two moves the version on, so the model is
// never taken for newer than it is.
func (v *Views) rebuild(ctx context.Context, done chan struct{}) error {
	start := time.Now()
	var err error
	defer func() {
		took := time.Since(start)
		v.mu.Lock()
		v.lastBuild = took
		if v.built == done { // the latest build: none is under way now
			v.building = false
		}
		v.nextBuild = time.Now().Add(max(minRebuildGap, 20*took))
		close(done)
		v.mu.Unlock()
	}()
	ver, ok := v.ver.Version(ctx)
	if !ok {
		return nil
	}
	snap, err := v.load(ctx)
	if err != nil {
		return fmt.Errorf("store: views: %w", err)
	}
	m := build(ver, snap)
	v.mu.Lock()
	if v.m == nil || v.m.version <= ver {
		v.m = m
	}
	v.mu.Unlock()
	return nil
}

// build indexes a snapshot by person.
func build(ver uint64, s Snapshot) *model {
	m := &model{version: ver, people: make(map[string]store.Status, len(s.Participants)), programs: s.Programs}
	byID := make(map[int64]*store.Status, len(s.Participants))
	sts := make([]store.Status, len(s.Participants))
	for i, p := range s.Participants {
		sts[i].Participant = p
		byID[p.ID] = &sts[i]
	}
	for _, pr := range s.Pairings {
		for _, id := range []int64{pr.MentorID, pr.MenteeID} {
			if st := byID[id]; st != nil {
				st.Pairings = append(st.Pairings, pr)
			}
		}
	}
	for _, c := range s.LastCheckIns {
		if st := byID[c.ParticipantID]; st != nil && (st.LastCheckIn == nil || c.SentAt.After(*st.LastCheckIn)) {
			at := c.SentAt
			st.LastCheckIn = &at
		}
	}
	for _, st := range sts {
		m.people[st.Participant.SlackID] = st
	}
	return m
}

// Participant is slackID's participant record from the model, or from
// load when the model is not current.
func (v *Views) Participant(ctx context.Context, slackID string, load func(context.Context, string) (store.Participant, error)) (store.Participant, error) {
	m := v.current(ctx)
	if m == nil {
		return load(ctx, slackID)
	}
	st, ok := m.people[slackID]
	if !ok {
		return store.Participant{}, notSignedUp(slackID)
	}
	return cloneParticipant(st.Participant), nil
}

// Status is slackID's status as Participant is.
func (v *Views) Status(ctx context.Context, slackID string, load func(context.Context, string) (store.Status, error)) (store.Status, error) {
	m := v.current(ctx)
	if m == nil {
		return load(ctx, slackID)
	}
	st, ok := m.people[slackID]
	if !ok {
		return store.Status{}, notSignedUp(slackID)
	}
	st.Participant = cloneParticipant(st.Participant)
	st.Pairings = slices.Clone(st.Pairings)
	return st, nil
}

// NowVersioner is a Versioner that can also tell the version at once, or
// say at once that it cannot (SharedVersion over an instant probe).
type NowVersioner interface {
	VersionNow() (v uint64, ok bool)
}

// VersionNow is the database's version if it can be read at once (an
// instant probe that nobody is reading: SQLite's data_version); ok is
// false, at once, otherwise. The Socket Mode read loop takes one reading
// for every envelope that had arrived before it (bot/now.go) and asks
// StatusAt with it.
func (v *Views) VersionNow() (version uint64, ok bool) {
	if v == nil {
		return 0, false
	}
	nv, ok := v.ver.(NowVersioner)
	if !ok {
		return 0, false
	}
	return nv.VersionNow()
}

// StatusAt is slackID's status as Status is, and whether the workspace
// has programs, from the model if it is current at version (a VersionNow
// reading); ok is false, and nothing is read or waited for, when it is
// not. The status shares the model's slices, which no one changes: read
// them, never change them.
func (v *Views) StatusAt(slackID string, version uint64) (st store.Status, hasPrograms, ok bool, err error) {
	m := v.at(version)
	if m == nil {
		return store.Status{}, false, false, nil
	}
	st, found := m.people[slackID]
	if !found {
		return store.Status{}, len(m.programs) > 0, true, notSignedUp(slackID)
	}
	return st, len(m.programs) > 0, true, nil
}

// Programs is the program list as Participant is.
func (v *Views) Programs(ctx context.Context, load func(context.Context) ([]store.Program, error)) ([]store.Program, error) {
	m := v.current(ctx)
	if m == nil {
		return load(ctx)
	}
	return slices.Clone(m.programs), nil
}

// ProgramsAt is the program list as Programs is, from the model if it is
// current at version (a VersionNow reading); ok is false, and nothing is
// read or waited for, when it is not. The list is the model's, as StatusAt's
// slices are: read it, never change it.
func (v *Views) ProgramsAt(version uint64) (ps []store.Program, ok bool) {
	m := v.at(version)
	if m == nil {
		return nil, false
	}
	return m.programs, true
}

// at is the model if it is current at version, else nil; it reads and
// waits for nothing (the read loop's answers).
func (v *Views) at(version uint64) *model {
	if v == nil {
		return nil
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.servableLocked(version)
}

// notSignedUp is the error the database's own lookup gives.
func notSignedUp(slackID string) error {
	return fmt.Errorf("participant %s: %w", slackID, store.ErrNotSignedUp)
}

func cloneParticipant(p store.Participant) store.Participant {
	p.Teaches, p.Learns, p.Programs = slices.Clone(p.Teaches), slices.Clone(p.Learns), slices.Clone(p.Programs)
	return p
}

// Served counts the reads answered from the model so far.
func (v *Views) Served() uint64 {
	if v == nil {
		return 0
	}
	return v.served.Load()
}

// Close releases the Versioner's connection, if it holds one.
func (v *Views) Close() error {
	if v == nil {
		return nil
	}
	v.mu.Lock()
	v.closed = true
	v.mu.Unlock()
	v.background.Wait()
	if c, ok := v.ver.(interface{ Close() error }); ok {
		return c.Close()
	}
	return nil
}
