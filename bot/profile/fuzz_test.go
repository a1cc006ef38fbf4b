package profile

import (
	"testing"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/bot/blockcheck"
	"github.com/mentorbot/mentorbot/bot/words"
	"github.com/mentorbot/mentorbot/store"
)

// state builds a view state as Slack sends it: one element per input block.
func state(values map[string]slack.BlockAction) *slack.ViewState {
	st := &slack.ViewState{Values: map[string]map[string]slack.BlockAction{}}
	for k, a := range values {
		st.Values[k] = map[string]slack.BlockAction{bot.InputAction: a}
	}
	return st
}

// FuzzSignupForm: the sign-up form never panics, accepts only what it
// checks, and nothing typed reaches the status, the profile form or the
// confirmation as markup. Seeds live in testdata/fuzz/FuzzSignupForm.
func FuzzSignupForm(f *testing.F) {
	f.Add("mentor", "Go, Kubernetes", "", "Share what I know <!channel> & more", "Platform", "12", "UBOSS", "2", "weekly", "Spring", "Ann <Both> & Co")
	f.Add("mentee", "", "Rust; <@U123>\n&lt;x&gt;", "goal\n>quoted\n<!here>", "R&D <team>", "0", "", "", "monthly", "", "*bold* _x_")
	f.Fuzz(func(t *testing.T, role, teaches, learns, goals, dept, seniority, manager, capacity, cadence, program, name string) {
		st := state(map[string]slack.BlockAction{
			blockRole:       {SelectedOption: slack.OptionBlockObject{Value: role}},
			blockTeaches:    {Value: teaches},
			blockLearns:     {Value: learns},
			blockGoals:      {Value: goals},
			blockDepartment: {Value: dept},
			blockSeniority:  {Value: seniority},
			blockManager:    {SelectedUser: manager},
			blockCapacity:   {Value: capacity},
			blockCadence:    {SelectedOption: slack.OptionBlockObject{Value: cadence}},
			blockPrograms:   {SelectedOptions: []slack.OptionBlockObject{{Value: program}}},
		})
		form, errs := readSignupForm(st, "UME", map[string]bool{program: true})
		inputs := map[string]bool{blockRole: true, blockTeaches: true, blockLearns: true, blockGoals: true, blockDepartment: true,
			blockSeniority: true, blockManager: true, blockCapacity: true, blockCadence: true, blockPrograms: true}
		for id, msg := range errs {
			if !inputs[id] {
				t.Fatalf("error on %q, which is not an input block", id)
			}
			if msg == "" || utf8.RuneCountInString(msg) > 150 {
				t.Fatalf("error message %q", msg)
			}
		}
		if len(errs) > 0 {
			return
		}
		// A valid form never holds what the checks refuse.
		if utf8.RuneCountInString(form.Goals) > maxGoalsLen || utf8.RuneCountInString(form.Department) > maxDeptLen ||
			len(form.Teaches) > maxTopics || len(form.Learns) > maxTopics || form.Department == "" {
			t.Fatalf("accepted an out-of-bounds form %+v", form)
		}
		for _, tp := range append(append([]string{}, form.Teaches...), form.Learns...) {
			if tp == "" || utf8.RuneCountInString(tp) > maxTopicLen || !words.Printable(tp, false) {
				t.Fatalf("accepted topic %q", tp)
			}
		}
		// Every message built from it is inert.
		me := store.Participant{SlackID: "UME", Name: name, Role: form.Role, Teaches: form.Teaches, Learns: form.Learns,
			Goals: form.Goals, Department: form.Department, Seniority: form.Seniority, Cadence: form.Cadence,
			Capacity: form.Capacity, Timezone: "UTC", Status: store.StatusActive, Programs: form.Programs}
		pr := store.Pairing{ID: 7, MentorSlack: "UOTHER", MenteeSlack: "UME", ProgramName: program, StartedAt: time.Unix(0, 0)}
		blockcheck.Mrkdwn(t, "status", statusBlocks(personStatus{Status: store.Status{Participant: me, Pairings: []store.Pairing{pr}}}))
		blockcheck.MrkdwnText(t, "sign-up confirmation", sprintf(msgSignedUp, bot.EscapeMrkdwn(name), roleWord(form.Role)))
		blockcheck.Mrkdwn(t, "profile modal", signupModal(&me, nil))
	})
}
