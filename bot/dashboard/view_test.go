package dashboard

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/bot/blockcheck"
	"github.com/mentorbot/mentorbot/store"
)

// full is a dashboard with every list at its cap, names full of markup and
// every reason and wait code.
func full() store.Dashboard {
	at := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	d := store.Dashboard{Participants: 100000, Waiting: 5400, ActivePairings: 30000, CheckinsSent: 400000, CheckinsMet: 261234,
		AttentionTotal: 4321, WaitingListTotal: 6000}
	reasons := []string{store.RiskNeedHelp, store.RiskNotMeeting, store.RiskLowRating, "unreachable: account_inactive", ""}
	for i := range limits.Attention {
		d.Attention = append(d.Attention, store.AttentionItem{NeedHelp: i%2 == 0, Pairing: store.Pairing{
			ID: int64(i + 1), MentorSlack: "UMENTOR", MenteeSlack: "UMENTEE", MentorName: strings.Repeat("<!channel> *Ann* & ", 20),
			MenteeName: "", ProgramName: strings.Repeat("Spring <2027> ", 20), AtRiskReason: reasons[i%len(reasons)], AtRiskAt: &at}})
	}
	whys := []string{store.WaitNoTopics, store.WaitNoTeacher, store.WaitMentorsFull, store.WaitNotMatched, store.WaitPaused, store.WaitUnreachable, "odd"}
	for i := range limits.Waiting {
		d.WaitingList = append(d.WaitingList, store.WaitingPerson{SlackID: "UW", Name: strings.Repeat("Bob <@U1> ", 30), Since: at,
			Why: whys[i%len(whys)], Learns: []string{strings.Repeat("Kubernetes ", 30), "Go"}})
	}
	for i := range limits.Proposals {
		d.Proposals = append(d.Proposals, store.PendingProposal{ID: int64(i), AdminID: "UADMIN", Program: "Spring *bold*", CreatedAt: at, Pairs: i})
	}
	return d
}

// The dashboard is valid Block Kit, within Slack's limits, at its fullest
// and when empty, and it never shows an internal code.
func TestHomeViewIsValidBlockKit(t *testing.T) {
	for name, d := range map[string]store.Dashboard{"dashboard-full": full(), "dashboard-empty": {}} {
		v := HomeView(d)
		blockcheck.Record(t, "home", name, v)
		if n := len(v.Blocks.BlockSet); n > 100 {
			t.Errorf("%s: %d blocks (Slack allows 100)", name, n)
		}
		raw, _ := json.Marshal(v)
		for _, code := range []string{"need_help", "not_met", "low_rating", "no_teacher", "mentors_full", "not_matched", "no_topics"} {
			if strings.Contains(textsOf(raw), code) {
				t.Errorf("%s shows the code %q", name, code)
			}
		}
	}
}

func TestDigestMessageIsValidBlockKit(t *testing.T) {
	text, blocks := DigestMessage(store.DigestFigures{Since: time.Date(2026, 10, 26, 9, 0, 0, 0, time.UTC), NewSignups: 12, NewPairings: 4, CheckinsSent: 50, CheckinsMet: 31, OpenAlerts: 3})
	blockcheck.Record(t, "message", "digest", map[string]any{"text": text, "blocks": blocks})
	for _, want := range []string{"12 new sign-ups", "4 new pairings", "31 of 50 (62%)", "3 open alerts"} {
		if !strings.Contains(text, want) {
			t.Errorf("digest text lacks %q: %s", want, text)
		}
	}
}

func TestAttentionWhyInWords(t *testing.T) {
	for _, c := range []struct {
		it   store.AttentionItem
		want string
	}{
		{store.AttentionItem{NeedHelp: true, Pairing: store.Pairing{AtRiskReason: store.RiskNeedHelp}}, "asked for help"},
		{store.AttentionItem{NeedHelp: true, Pairing: store.Pairing{AtRiskReason: store.RiskNotMeeting}}, "asked for help; have not met for 3 check-ins"},
		{store.AttentionItem{Pairing: store.Pairing{AtRiskReason: store.RiskLowRating}}, "a rating of 2 or less"},
		{store.AttentionItem{Pairing: store.Pairing{AtRiskReason: "unreachable: user_not_found"}}, "unreachable: user_not_found"},
	} {
		if got := attentionWhy(c.it); got != c.want {
			t.Errorf("attentionWhy(%+v) = %q, want %q", c.it, got, c.want)
		}
	}
}

// textsOf joins the "text" strings of a view (ids are not shown).
func textsOf(raw []byte) string {
	var out []string
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if s, ok := x["text"].(string); ok {
				out = append(out, s)
			}
			for _, c := range x {
				walk(c)
			}
		case []any:
			for _, c := range x {
				walk(c)
			}
		}
	}
	var v any
	_ = json.Unmarshal(raw, &v)
	walk(v)
	return strings.Join(out, "\n")
}
