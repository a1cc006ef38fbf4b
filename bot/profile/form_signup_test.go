package profile

import (
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/slack-go/slack"
)

// signupState builds a view state as Slack sends it for the sign-up form.
func signupState(mut func(map[string]slack.BlockAction)) *slack.ViewState {
	v := map[string]slack.BlockAction{
		blockRole:       {SelectedOption: slack.OptionBlockObject{Value: "mentor"}},
		blockTeaches:    {Value: "Go, Kubernetes; SQL"},
		blockLearns:     {Value: ""},
		blockGoals:      {Value: "Help people grow"},
		blockDepartment: {Value: "  Platform   Eng "},
		blockSeniority:  {Value: "8"},
		blockManager:    {SelectedUser: "UBOSS"},
		blockCapacity:   {Value: "2"},
		blockCadence:    {SelectedOption: slack.OptionBlockObject{Value: "biweekly"}},
	}
	if mut != nil {
		mut(v)
	}
	st := &slack.ViewState{Values: map[string]map[string]slack.BlockAction{}}
	for k, a := range v {
		st.Values[k] = map[string]slack.BlockAction{bot.InputAction: a}
	}
	return st
}

func TestReadSignupFormValid(t *testing.T) {
	f, errs := readSignupForm(signupState(nil), "UME", nil)
	if len(errs) != 0 {
		t.Fatalf("errors: %v", errs)
	}
	if f.Role != "mentor" || strings.Join(f.Teaches, "|") != "Go|Kubernetes|SQL" || f.Department != "Platform Eng" ||
		f.Seniority != 8 || f.Capacity != 2 || f.Cadence != "biweekly" || f.Manager != "UBOSS" {
		t.Fatalf("form = %+v", f)
	}
}

func TestReadSignupFormErrors(t *testing.T) {
	cases := []struct {
		name  string
		mut   func(map[string]slack.BlockAction)
		block string
	}{
		{"no role", func(v map[string]slack.BlockAction) { v[blockRole] = slack.BlockAction{} }, blockRole},
		{"forged role", func(v map[string]slack.BlockAction) {
			v[blockRole] = slack.BlockAction{SelectedOption: slack.OptionBlockObject{Value: "admin"}}
		}, blockRole},
		{"mentor without topics", func(v map[string]slack.BlockAction) { v[blockTeaches] = slack.BlockAction{Value: " , ;"} }, blockTeaches},
		{"mentee without topics", func(v map[string]slack.BlockAction) {
			v[blockRole] = slack.BlockAction{SelectedOption: slack.OptionBlockObject{Value: "mentee"}}
		}, blockLearns},
		{"overlong topic", func(v map[string]slack.BlockAction) {
			v[blockTeaches] = slack.BlockAction{Value: strings.Repeat("x", maxTopicLen+1)}
		}, blockTeaches},
		{"too many topics", func(v map[string]slack.BlockAction) {
			v[blockTeaches] = slack.BlockAction{Value: strings.Repeat("a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,", 1)}
		}, blockTeaches},
		{"overlong input", func(v map[string]slack.BlockAction) {
			v[blockTeaches] = slack.BlockAction{Value: strings.Repeat("x, ", topicsMaxInput)}
		}, blockTeaches},
		{"control chars", func(v map[string]slack.BlockAction) { v[blockDepartment] = slack.BlockAction{Value: "Eng\x00"} }, blockDepartment},
		{"empty department", func(v map[string]slack.BlockAction) { v[blockDepartment] = slack.BlockAction{Value: "  "} }, blockDepartment},
		{"goals too long", func(v map[string]slack.BlockAction) {
			v[blockGoals] = slack.BlockAction{Value: strings.Repeat("g", maxGoalsLen+1)}
		}, blockGoals},
		{"seniority text", func(v map[string]slack.BlockAction) { v[blockSeniority] = slack.BlockAction{Value: "ten"} }, blockSeniority},
		{"seniority negative", func(v map[string]slack.BlockAction) { v[blockSeniority] = slack.BlockAction{Value: "-3"} }, blockSeniority},
		{"seniority huge", func(v map[string]slack.BlockAction) { v[blockSeniority] = slack.BlockAction{Value: "999999999999"} }, blockSeniority},
		{"own manager", func(v map[string]slack.BlockAction) { v[blockManager] = slack.BlockAction{SelectedUser: "UME"} }, blockManager},
		{"mentor capacity zero", func(v map[string]slack.BlockAction) { v[blockCapacity] = slack.BlockAction{Value: "0"} }, blockCapacity},
		{"capacity decimal", func(v map[string]slack.BlockAction) { v[blockCapacity] = slack.BlockAction{Value: "1.5"} }, blockCapacity},
		{"forged cadence", func(v map[string]slack.BlockAction) {
			v[blockCadence] = slack.BlockAction{SelectedOption: slack.OptionBlockObject{Value: "daily"}}
		}, blockCadence},
		{"closed program", func(v map[string]slack.BlockAction) {
			v[blockPrograms] = slack.BlockAction{SelectedOptions: []slack.OptionBlockObject{{Value: "Old"}}}
		}, blockPrograms},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, errs := readSignupForm(signupState(c.mut), "UME", map[string]bool{"Spring": true})
			if errs[c.block] == "" {
				t.Fatalf("want an error on %s, got %v", c.block, errs)
			}
		})
	}
}
