package bot

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot/blockcheck"
	"github.com/mentorbot/mentorbot/store"
)

// Fuzz targets for everything the bot reads from people: the slash
// command, the sign-up, program and feedback forms, and the mrkdwn escaper
// every message relies on. Seeds live in testdata/fuzz/<FuzzName>/, so
// plain `go test` replays them; `go test -fuzz FuzzX ./bot` searches more.
// Properties: no panic, and nothing typed reaches a message as markup: no
// <!channel>/<!here>/<!everyone>, no raw <, > or & except the bot's own
// mentions, entities and quote marks.

func FuzzEscapeMrkdwn(f *testing.F) {
	for _, s := range []string{"", "plain", "<!channel>", "a & b", "&amp;", "<@U123|x>", ">quote", "&lt;!here&gt;"} {
		f.Add(s)
	}
	unescape := strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&")
	f.Fuzz(func(t *testing.T, s string) {
		out := EscapeMrkdwn(s)
		if strings.ContainsAny(out, "<>") {
			t.Fatalf("EscapeMrkdwn(%q) = %q keeps < or >", s, out)
		}
		blockcheck.MrkdwnText(t, "escaped", out)
		// Nothing is lost: unescaping gives the text back.
		if back := unescape.Replace(out); back != s {
			t.Fatalf("EscapeMrkdwn(%q) = %q, which reads back as %q", s, out, back)
		}
		// Inside any bot sentence it stays safe.
		blockcheck.MrkdwnText(t, "in a sentence", "Hi <@U123>, "+out+".")
	})
}

func FuzzParseCommand(f *testing.F) {
	for _, s := range []string{"", "help", "pair <@U1ABC|ann> <@U2DEF>", "pause 3w", "program create Spring 2027",
		"announce <#C123|general>", "<!channel>", "report &lt;!here&gt;", "match <script>", strings.Repeat("x ", 300)} {
		f.Add(s)
	}
	b := New(nil, nil, Config{})
	f.Fuzz(func(t *testing.T, text string) {
		c, err := b.ParseCommand(text)
		if err != nil {
			if !IsParseError(err) {
				t.Fatalf("ParseCommand(%q): error %T is not a *ParseError", text, err)
			}
			// The reply shows parts of what was typed: it must be inert.
			blockcheck.MrkdwnText(t, "parse error reply", err.Error())
			if utf8.RuneCountInString(err.Error()) > 500 {
				t.Fatalf("reply of %d characters", utf8.RuneCountInString(err.Error()))
			}
			return
		}
		if _, ok := b.router.byKind[RouteCommand][c.Name]; !ok {
			t.Fatalf("ParseCommand(%q) = unknown subcommand %q", text, c.Name)
		}
		if c.Weeks < 0 || c.Weeks > 52 {
			t.Fatalf("weeks %d", c.Weeks)
		}
		for _, u := range c.Users {
			if !userMention.MatchString("<@" + u + ">") {
				t.Fatalf("user %q is not a Slack ID", u)
			}
		}
		if c.Program != "" && !programName.MatchString(c.Program) {
			t.Fatalf("program %q", c.Program)
		}
		if c.Channel != "" && !channelMention.MatchString("<#"+c.Channel+">") {
			t.Fatalf("channel %q", c.Channel)
		}
		// Names the bot echoes back go through EscapeMrkdwn.
		blockcheck.MrkdwnText(t, "program created", sprintf("Program *%s* is created and open for sign-ups.", EscapeMrkdwn(c.Program)))
	})
}

// state builds a view state as Slack sends it: one element per input block.
func state(values map[string]slack.BlockAction) *slack.ViewState {
	st := &slack.ViewState{Values: map[string]map[string]slack.BlockAction{}}
	for k, a := range values {
		st.Values[k] = map[string]slack.BlockAction{InputAction: a}
	}
	return st
}

// FuzzPeopleInMessages: whatever people put in their profile, the
// introduction and the scheduler's messages built from it are inert.
func FuzzPeopleInMessages(f *testing.F) {
	f.Add("Go, Kubernetes", "", "Share what I know <!channel> & more", "Platform", "Spring", "Ann <Both> & Co")
	f.Add("", "Rust; <@U123>\n&lt;x&gt;", "goal\n>quoted\n<!here>", "R&D <team>", "", "*bold* _x_")
	f.Fuzz(func(t *testing.T, teaches, learns, goals, dept, program, name string) {
		me := store.Participant{SlackID: "UME", Name: name, Role: store.RoleBoth, Teaches: strings.Split(teaches, ","), Learns: strings.Split(learns, ","),
			Goals: goals, Department: dept, Cadence: store.CadenceWeekly, Timezone: "UTC", Status: store.StatusActive, Programs: []string{program}}
		_ = me
		for _, kind := range []string{store.KindCheckin, store.KindReminder, store.KindFeedback, store.KindFeedbackEnd, store.KindRematchOffer, store.KindPauseOffer} {
			text, blocks, err := deliveryMessage(store.Delivery{ID: 1, Kind: kind, PairingID: 7, RecipientSlack: "UOTHER", OtherSlack: "UME", OtherName: name, ProgramName: program, CheckinID: 3})
			if err != nil {
				t.Fatalf("%s: %v", kind, err)
			}
			blockcheck.MrkdwnText(t, kind+" text", text)
			blockcheck.Mrkdwn(t, kind, blocks)
		}
	})
}

func FuzzFeedbackForm(f *testing.F) {
	f.Add(`{"p":7,"s":1793664000}`, "", "4", "went <!channel> well & fine", "more", "progress")
	f.Add(`{"p":0,"s":1793664000,"d":3}`, "12", "9", "", "", "")
	f.Add(`{"s":-1}`, "x", "", "a", "b", "c")
	b := New(nil, nil, Config{})
	f.Fuzz(func(t *testing.T, meta, pairing, rating, wentWell, toChange, progress string) {
		cb := slack.InteractionCallback{View: slack.View{PrivateMetadata: meta, State: state(map[string]slack.BlockAction{
			blockFeedbackPairing: {SelectedOption: slack.OptionBlockObject{Value: pairing}},
			blockRating:          {SelectedOption: slack.OptionBlockObject{Value: rating}},
			blockWentWell:        {Value: wentWell},
			blockToChange:        {Value: toChange},
			blockProgress:        {Value: progress},
		})}}
		ack, after := b.viewFeedback(context.Background(), Request{UserID: "UME"}, cb)
		if ack == nil {
			if after == nil {
				t.Fatal("accepted feedback with nothing to save it")
			}
			var m feedbackMeta
			if json.Unmarshal([]byte(meta), &m) != nil || m.Slot <= 0 {
				t.Fatalf("accepted feedback with metadata %q", meta)
			}
			return
		}
		if after != nil {
			t.Fatal("refused feedback would still be saved")
		}
		raw, err := json.Marshal(ack)
		if err != nil {
			t.Fatal(err)
		}
		var resp struct {
			ResponseAction string            `json:"response_action"`
			Errors         map[string]string `json:"errors"`
		}
		if err := json.Unmarshal(raw, &resp); err != nil || resp.ResponseAction != "errors" || len(resp.Errors) == 0 {
			t.Fatalf("refusal is not response_action errors: %s", raw)
		}
		inputs := map[string]bool{blockFeedbackPairing: true, blockRating: true, blockWentWell: true, blockToChange: true, blockProgress: true}
		for id, msg := range resp.Errors {
			if !inputs[id] {
				t.Fatalf("error on %q, which is not an input block", id)
			}
			// Feedback is confidential: an error never quotes it.
			for _, typed := range []string{wentWell, toChange, progress} {
				if len(typed) >= 4 && strings.Contains(msg, typed) {
					t.Fatalf("error message %q repeats the feedback text", msg)
				}
			}
		}
	})
}
