package store

import "time"

// RematchOffer is one person's due rematch offer for one pairing.
type RematchOffer struct {
	PairingID   int64
	RecipientID int64
	// Slot is the moment of the first reason this person has: their own
	// Need help, their own rating of 2 or less, or the pairing found not
	// meeting. It names the offer in the outbox.
	Slot time.Time
}
