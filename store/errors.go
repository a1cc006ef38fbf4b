package store

import "errors"

// Errors callers turn into user-facing replies. Wrap them with %w.
var (
	ErrNotFound      = errors.New("not found")
	ErrConflict      = errors.New("conflict")
	ErrInvalid       = errors.New("invalid")
	ErrNotSignedUp   = errors.New("not signed up")
	ErrAlreadyDone   = errors.New("already done")
	ErrPairForbidden = errors.New("pair forbidden")
)

// ErrStale means the data changed since a matching preview was computed.
var ErrStale = errors.New("stale")

// ErrErasePending means erased data is out of every table but its old
// bytes may still be in the write-ahead log: a reader held an older
// snapshot through every attempt to truncate the log. The store finishes
// at its next write (and at the next start, via Migrate).
var ErrErasePending = errors.New("erasure pending: the database log is busy")

// ErrSchemaTooOld means the database was made by an older mentorbot and
// needs `mentorbot migrate` before this one can read it.
var ErrSchemaTooOld = errors.New("database schema too old")
