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
