package reading

import "testing"

// A version reading serves the envelope in hand and those queued behind
// it when it was taken (they all arrived before it), and no envelope that
// came later; a failed reading serves none.
func TestLoopReadingServesOnlyEnvelopesThatArrivedBeforeIt(t *testing.T) {
	type step struct {
		queued    int  // envelopes waiting behind the one taken
		ask       bool // the envelope asks for the version
		readOK    bool // a reading, if taken, succeeds
		wantRead  bool // a reading is taken for it
		wantValid bool
	}
	for _, tc := range []struct {
		name  string
		steps []step
	}{
		{"alone: one reading each", []step{
			{0, true, true, true, true},
			{0, true, true, true, true},
		}},
		{"a burst: one reading for those queued", []step{
			{2, true, true, true, true}, // two arrived before this reading
			{1, true, true, false, true},
			{0, true, true, false, true},
			{0, true, true, true, true}, // arrived after it: read again
		}},
		{"envelopes that ask nothing still count", []step{
			{2, true, true, true, true},
			{1, false, true, false, false}, // a click: covered, asks nothing
			{0, true, true, false, true},
			{3, true, true, true, true},
		}},
		{"a failed reading serves none", []step{
			{3, true, false, true, false},
			{2, true, true, true, true},
			{1, true, true, false, true},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var r Loop
			var version uint64
			for i, s := range tc.steps {
				r.Next()
				if !s.ask {
					continue
				}
				read := false
				_, ok := r.Get(func() (uint64, bool) { read = true; version++; return version, s.readOK }, s.queued)
				if read != s.wantRead || ok != s.wantValid {
					t.Fatalf("envelope %d: read %v valid %v, want %v %v", i, read, ok, s.wantRead, s.wantValid)
				}
			}
		})
	}
}
