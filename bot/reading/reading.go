// Package reading is the Socket Mode read loop's version reading (bot/now.go):
// one reading of the store's version serves every envelope that had
// arrived before it was taken.
package reading

// Loop is the store's version as the read loop last read it, and
// how many more envelopes it serves. A reading serves every envelope that
// had arrived before it was taken: the one in hand, and those already
// queued behind it, counted before the reading. In a burst most
// envelopes wait in the queue, so one reading serves many of them. Only
// the read loop uses it.
type Loop struct {
	version uint64
	valid   bool
	covers  int // queued envelopes the reading still serves
}

// Next counts an envelope taken from the queue.
func (r *Loop) Next() {
	if r.covers > 0 {
		r.covers--
		return
	}
	r.valid = false
}

// Get is the version for the envelope in hand, read now unless a reading
// taken after it arrived holds; queued is how many envelopes wait behind it.
func (r *Loop) Get(read func() (uint64, bool), queued int) (uint64, bool) {
	if !r.valid {
		r.covers = queued // counted first: every one arrived before the reading
		r.version, r.valid = read()
	}
	return r.version, r.valid
}
