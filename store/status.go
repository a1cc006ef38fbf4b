package store

import "time"

// Status is what `/mentor status` and the App Home show a person.
type Status struct {
	Participant Participant
	Pairings    []Pairing
	// LastCheckIn is the person's most recent check-in sent, if any.
	LastCheckIn *time.Time
}
