package scheduler_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// healthRun is one history of a pairing of UA (mentor) and UB (mentee):
// their check-in answers per week ("" leaves it unanswered) and UB's
// feedback rating on 1 February (0 for none).
type healthRun struct {
	ua, ub   []string
	ubRating int
}

// play runs the scheduler every 4 hours (the same injected times for every
// run) from 4 January to 21 February 2026 on h, answering each check-in
// as soon as it is sent, and returns every send, stamped with the time it
// happened, grouped by recipient.
func (h healthRun) play(t *testing.T) map[string][]string {
	t.Helper()
	ctx := context.Background()
	c, db, snd, s, p := pairWeekly(t)
	got := map[string][]string{}
	seen := 0
	for now := at("2026-01-04 14:00:00"); now.Before(at("2026-02-21 00:00:00")); now = now.Add(4 * time.Hour) {
		c.Set(now.Format("2006-01-02 15:04:05"))
		run(t, s)
		calls := snd.sent()
		for _, cl := range calls[seen:] {
			got[cl.To] = append(got[cl.To], now.Format("01-02 15:04 ")+cl.String())
			if cl.Kind != store.KindCheckin {
				continue
			}
			week := int(cl.Slot.Sub(at("2026-01-05 10:00:00")) / (7 * 24 * time.Hour))
			answers := map[string][]string{"UA": h.ua, "UB": h.ub}[cl.To]
			if week < len(answers) && answers[week] != "" {
				answer(t, db, cl.Checkin, cl.To, answers[week])
			}
		}
		seen = len(calls)
		if now.Equal(at("2026-02-01 14:00:00")) && h.ubRating > 0 {
			if _, err := db.SaveFeedback(ctx, store.NewFeedback{PairingID: p.ID, SlackID: "UB", Slot: now, Rating: h.ubRating}); err != nil {
				t.Fatal(err)
			}
		}
	}
	return got
}

// TestAFlagChangesNothingForThePartner plays each history twice, once
// with UB raising a flag (Need help, or a rating of 2 or less) and once
// with a control answer in its place (Not yet, or a rating of 4), and
// requires UA's sends to be identical in kind, pairing, slot and hour.
// UB, who raised the flag, must get a rematch offer the control lacks.
func TestAFlagChangesNothingForThePartner(t *testing.T) {
	n3 := []string{store.AnswerNotYet, store.AnswerNotYet, store.AnswerNotYet}
	cases := []struct {
		name             string
		flagged, control healthRun
	}{
		{"need help, then they meet",
			healthRun{ua: []string{"met", "met", "met"}, ub: []string{"need_help", "met", "met"}},
			healthRun{ua: []string{"met", "met", "met"}, ub: []string{"not_yet", "met", "met"}}},
		{"need help, then not meeting for 3 check-ins",
			healthRun{ua: n3, ub: []string{"need_help", "not_yet", "not_yet"}},
			healthRun{ua: n3, ub: n3}},
		{"need help in the third not-met check-in",
			healthRun{ua: []string{"", "", "met"}, ub: []string{"not_yet", "not_yet", "need_help", "not_yet"}},
			healthRun{ua: []string{"", "", "met"}, ub: []string{"not_yet", "not_yet", "not_yet", "not_yet"}}},
		{"need help while the partner ignores check-ins",
			healthRun{ub: []string{"need_help"}},
			healthRun{ub: []string{"not_yet"}}},
		{"rating 2",
			healthRun{ua: []string{"met", "met", "met", "met", "met", "met", "met", "met"}, ubRating: 2},
			healthRun{ua: []string{"met", "met", "met", "met", "met", "met", "met", "met"}, ubRating: 4}},
		{"rating 1, then not meeting",
			healthRun{ua: []string{"met", "met", "met", "met", "not_yet", "not_yet", "not_yet", "not_yet"}, ub: []string{"met"}, ubRating: 1},
			healthRun{ua: []string{"met", "met", "met", "met", "not_yet", "not_yet", "not_yet", "not_yet"}, ub: []string{"met"}, ubRating: 4}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			flagged, control := tc.flagged.play(t), tc.control.play(t)
			if a, b := strings.Join(flagged["UA"], "\n"), strings.Join(control["UA"], "\n"); a != b {
				t.Errorf("the partner's sends differ because of a flag they did not raise:\nwith the flag:\n%s\nwithout:\n%s", a, b)
			}
			if firstOffer(flagged["UB"]) >= firstOffer(control["UB"]) {
				t.Errorf("the flagger got no offer of their own:\n%s", strings.Join(flagged["UB"], "\n"))
			}
			if len(control["UA"]) < 8 {
				t.Fatalf("the partner got too little for the check to mean anything: %v", control["UA"])
			}
		})
	}
}

// firstOffer is when the first rematch offer was sent ("~", after every
// time, for none).
func firstOffer(sends []string) string {
	for _, s := range sends {
		if strings.Contains(s, store.KindRematchOffer) {
			return s[:len("01-02 15:04")]
		}
	}
	return "~"
}

// sent is every send in the order it happened.
func (f *fakeSender) sent() []call {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]call(nil), f.calls...)
}
