package circles

import (
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/store"
)

func formState(vals map[string]string) *slack.ViewState {
	st := &slack.ViewState{Values: map[string]map[string]slack.BlockAction{}}
	for block, v := range vals {
		a := slack.BlockAction{Value: v}
		if block == blockCadence {
			a = slack.BlockAction{SelectedOption: slack.OptionBlockObject{Value: v}}
		}
		st.Values[block] = map[string]slack.BlockAction{bot.InputAction: a}
	}
	return st
}

// TestReadCreateForm: every bad field gets its own error and nothing is
// accepted with one.
func TestReadCreateForm(t *testing.T) {
	good := map[string]string{blockName: "First managers", blockTopic: "Leading people", blockDesc: "", blockSize: "5", blockSeats: "", blockCadence: "biweekly"}
	with := func(block, v string) map[string]string {
		m := map[string]string{}
		for k, x := range good {
			m[k] = x
		}
		m[block] = v
		return m
	}
	for _, tc := range []struct {
		name    string
		vals    map[string]string
		meta    string
		wantErr string // block with an error, "" = valid
	}{
		{"valid", good, `{"lead":"UANN"}`, ""},
		{"name too short", with(blockName, "A"), `{"lead":"UANN"}`, blockName},
		{"name too long", with(blockName, strings.Repeat("a", 41)), `{"lead":"UANN"}`, blockName},
		{"name with symbols", with(blockName, "Leaders <!channel>"), `{"lead":"UANN"}`, blockName},
		{"name starts with a dash", with(blockName, "-lead"), `{"lead":"UANN"}`, blockName},
		{"lost lead", good, `{}`, blockName},
		{"forged lead", good, `{"lead":"<!here>"}`, blockName},
		{"empty topic", with(blockTopic, "   "), `{"lead":"UANN"}`, blockTopic},
		{"long topic", with(blockTopic, strings.Repeat("t", 151)), `{"lead":"UANN"}`, blockTopic},
		{"control characters", with(blockTopic, "a\x00b"), `{"lead":"UANN"}`, blockTopic},
		{"long description", with(blockDesc, strings.Repeat("d", 1001)), `{"lead":"UANN"}`, blockDesc},
		{"size 1", with(blockSize, "1"), `{"lead":"UANN"}`, blockSize},
		{"size 13", with(blockSize, "13"), `{"lead":"UANN"}`, blockSize},
		{"size words", with(blockSize, "five"), `{"lead":"UANN"}`, blockSize},
		{"size empty", with(blockSize, ""), `{"lead":"UANN"}`, blockSize},
		{"seats negative", with(blockSeats, "-1"), `{"lead":"UANN"}`, blockSeats},
		{"seats too many", with(blockSeats, "13"), `{"lead":"UANN"}`, blockSeats},
		{"seats words", with(blockSeats, "all"), `{"lead":"UANN"}`, blockSeats},
		{"cadence forged", with(blockCadence, "daily"), `{"lead":"UANN"}`, blockCadence},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n, errs := readCreateForm(formState(tc.vals), tc.meta)
			if tc.wantErr == "" {
				if len(errs) != 0 {
					t.Fatalf("valid form refused: %v", errs)
				}
				if err := n.Validate(); err != nil || n.Name != "First managers" || n.SizeLimit != 5 || n.SeatCap != nil || n.Cadence != "biweekly" {
					t.Fatalf("read %+v (%v)", n, err)
				}
				return
			}
			if errs[tc.wantErr] == "" || len(errs) != 1 {
				t.Fatalf("errors %v, want one on %s", errs, tc.wantErr)
			}
		})
	}
	n, errs := readCreateForm(formState(with(blockSeats, "0")), `{"lead":"UANN"}`)
	if len(errs) != 0 || n.SeatCap == nil || *n.SeatCap != 0 {
		t.Fatalf("a seat cap of 0: %+v %v", n, errs)
	}
}

func TestParseCommands(t *testing.T) {
	for _, tc := range []struct {
		args       []string
		name, lead string
		bad        bool
	}{
		{[]string{"Leaders", "<@UANN>"}, "Leaders", "UANN", false},
		{[]string{"First", "time", "managers", "<@UANN|ann>"}, "First time managers", "UANN", false},
		{[]string{"<@UANN>"}, "", "", true},
		{[]string{"Leaders", "@ann"}, "", "", true},
		{[]string{"Leaders", "<!channel>"}, "", "", true},
		{[]string{"L", "<@UANN>"}, "", "", true},
		{[]string{"Lead*ers", "<@UANN>"}, "", "", true},
		{nil, "", "", true},
	} {
		c, err := parseCreate(tc.args)
		if tc.bad {
			if err == nil || !bot.IsParseError(err) {
				t.Errorf("parseCreate(%q) = %+v, %v; want a parse error", tc.args, c, err)
			}
			continue
		}
		if err != nil || c.Program != tc.name || len(c.Users) != 1 || c.Users[0] != tc.lead {
			t.Errorf("parseCreate(%q) = %+v, %v", tc.args, c, err)
		}
	}
	if _, err := parseClose(nil); err == nil {
		t.Error("close without a name")
	}
	if c, err := parseClose([]string{"First", "managers"}); err != nil || c.Program != "First managers" {
		t.Errorf("parseClose: %+v %v", c, err)
	}
}

func TestChannelName(t *testing.T) {
	for in, want := range map[string]string{
		"First Managers": "circle-first-managers",
		"Ünïcode team":   "circle-n-code-team",
		"---":            "circle-group",
		"Go_v2.0":        "circle-go_v2-0",
	} {
		if got := channelName(in, 0); got != want {
			t.Errorf("channelName(%q) = %q, want %q", in, got, want)
		}
	}
	if got := channelName("a", 2); got != "circle-a-3" {
		t.Errorf("retry name %q", got)
	}
	if got := channelName(strings.Repeat("x", 40), 0); len(got) > 80 {
		t.Errorf("too long %q", got)
	}
}

// TestFreeSeatsAndSeats covers the seat arithmetic on its own.
func TestCircleSeatRule(t *testing.T) {
	for _, tc := range []struct {
		capSeats *int
		members  int
		want     int
	}{{nil, 3, 3}, {intp(2), 3, 2}, {intp(0), 5, 0}, {intp(5), 3, 3}} {
		c := circleWithCap(tc.capSeats)
		if got := c.Seats(tc.members); got != tc.want {
			t.Errorf("cap %v members %d: %d seats, want %d", tc.capSeats, tc.members, got, tc.want)
		}
	}
}

func intp(n int) *int { return &n }

func circleWithCap(c *int) storeCircle { return storeCircle{SeatCap: c} }

type storeCircle = store.Circle
