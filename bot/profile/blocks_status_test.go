package profile

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// A pairing's end date shows on the person's own calendar; a pairing the
// lifecycle has not dated yet shows none.
func TestStatusShowsWhenThePairingEnds(t *testing.T) {
	ends := time.Date(2027, 3, 1, 2, 0, 0, 0, time.UTC) // still 28 Feb in New York
	for _, tc := range []struct {
		name string
		ends *time.Time
		tz   string
		want string
	}{
		{"dated, UTC", &ends, "UTC", "Ends on Mon 1 Mar 2027"},
		{"dated, New York", &ends, "America/New_York", "Ends on Sun 28 Feb 2027"},
		{"not dated yet", nil, "UTC", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var pf Profile
			st := personStatus{Zone: pf.zone(tc.tz), Status: store.Status{
				Participant: store.Participant{SlackID: "UA", Role: store.RoleMentee, Status: store.StatusActive, Timezone: tc.tz},
				Pairings:    []store.Pairing{{ID: 1, MentorSlack: "UB", MenteeSlack: "UA", StartedAt: ends.AddDate(0, -6, 0), EndsAt: tc.ends}},
			}}
			raw, err := json.Marshal(statusBlocks(st))
			if err != nil {
				t.Fatal(err)
			}
			got := string(raw)
			if tc.want == "" && strings.Contains(got, "Ends on") || tc.want != "" && !strings.Contains(got, tc.want) {
				t.Fatalf("want %q in the status, got %s", tc.want, got)
			}
		})
	}
}
