package admin

import (
	"testing"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/bot/blockcheck"
	"github.com/mentorbot/mentorbot/bot/words"
)

// state builds a view state as Slack sends it: one element per input block.
func state(values map[string]slack.BlockAction) *slack.ViewState {
	st := &slack.ViewState{Values: map[string]map[string]slack.BlockAction{}}
	for k, a := range values {
		st.Values[k] = map[string]slack.BlockAction{bot.InputAction: a}
	}
	return st
}

// FuzzProgramForm: the program form never panics, accepts only what it
// checks, and nothing typed reaches a message as markup. Seeds live in
// testdata/fuzz/FuzzProgramForm.
func FuzzProgramForm(f *testing.F) {
	f.Add(`{"name":"Spring 2027"}`, "2027-03-01", "2027-06-30", "About <!channel> & growth", "weekly")
	f.Add(`{"name":"<!here>"}`, "2027-02-30", "", "", "daily")
	f.Add(`not json`, "", "2027-01-01", "\x00", "monthly")
	f.Fuzz(func(t *testing.T, meta, start, end, desc, cadence string) {
		st := state(map[string]slack.BlockAction{
			blockProgramStart: {SelectedDate: start},
			blockProgramEnd:   {SelectedDate: end},
			blockProgramDesc:  {Value: desc},
			blockProgramCad:   {SelectedOption: slack.OptionBlockObject{Value: cadence}},
		})
		np, errs := readProgramForm(st, meta)
		inputs := map[string]bool{blockProgramStart: true, blockProgramEnd: true, blockProgramDesc: true, blockProgramCad: true}
		for id := range errs {
			if !inputs[id] {
				t.Fatalf("error on %q, which is not an input block", id)
			}
		}
		if len(errs) > 0 {
			return
		}
		if _, err := bot.ParseProgramName(np.Name); err != nil {
			t.Fatalf("accepted program name %q", np.Name)
		}
		s, err1 := time.Parse("2006-01-02", np.StartsOn)
		if err1 != nil {
			t.Fatalf("accepted start %q", np.StartsOn)
		}
		if np.EndsOn != "" {
			e, err := time.Parse("2006-01-02", np.EndsOn)
			if err != nil || !e.After(s) {
				t.Fatalf("accepted end %q after start %q", np.EndsOn, np.StartsOn)
			}
		}
		if utf8.RuneCountInString(np.Description) > maxProgramDesc || !words.Printable(np.Description, true) {
			t.Fatalf("accepted description %q", np.Description)
		}
		blockcheck.MrkdwnText(t, "program created", sprintf(msgProgramCreated, bot.EscapeMrkdwn(np.Name)))
		blockcheck.Mrkdwn(t, "program modal", programModal(np.Name, s))
	})
}
