package pairing

import (
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/bot/blockcheck"
	"github.com/mentorbot/mentorbot/store"
)

// FuzzIntroduction: whatever people put in their profile, the
// introduction built from it is inert.
func FuzzIntroduction(f *testing.F) {
	f.Add("Go, Kubernetes", "", "Share what I know <!channel> & more", "Platform", "Spring", "Ann <Both> & Co")
	f.Add("", "Rust; <@U123>\n&lt;x&gt;", "goal\n>quoted\n<!here>", "R&D <team>", "", "*bold* _x_")
	f.Fuzz(func(t *testing.T, teaches, learns, goals, dept, program, name string) {
		me := store.Participant{SlackID: "UME", Name: name, Role: store.RoleBoth, Teaches: strings.Split(teaches, ","), Learns: strings.Split(learns, ","),
			Goals: goals, Department: dept, Cadence: store.CadenceWeekly, Timezone: "UTC", Status: store.StatusActive, Programs: []string{program}}
		other := me
		other.SlackID, other.Teaches, other.Learns = "UOTHER", me.Learns, me.Teaches
		blockcheck.Mrkdwn(t, "introduction", introBlocks(me, other))
		blockcheck.Mrkdwn(t, "introduction (reversed)", introBlocks(other, me))
		blockcheck.MrkdwnText(t, "intro text", introText(me, other))
	})
}
