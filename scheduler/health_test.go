package scheduler_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/sqldb"
)

// checkinOf returns the check-in id last sent to who.
func checkinOf(t *testing.T, snd *fakeSender, who string) int64 {
	t.Helper()
	var id int64
	var slot time.Time
	for _, c := range snd.Calls() {
		if c.To == who && c.Kind == store.KindCheckin && !c.Slot.Before(slot) {
			id, slot = c.Checkin, c.Slot
		}
	}
	if id == 0 {
		t.Fatalf("no check-in sent to %s", who)
	}
	return id
}

func answer(t *testing.T, db *sqldb.DB, id int64, who, ans string) store.CheckinAnswer {
	t.Helper()
	res, err := db.AnswerCheckin(context.Background(), id, who, ans)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func pairWeekly(t *testing.T) (*clock, *sqldb.DB, *fakeSender, *scheduler.Scheduler, store.Pairing) {
	t.Helper()
	c := newClock("2026-01-04 12:00:00")
	db, _ := newDB(t, c)
	person(t, db, "UA", "UTC", "")
	person(t, db, "UB", "UTC", "")
	p := pair(t, db, "UA", "UB")
	snd := &fakeSender{}
	return c, db, snd, newScheduler(t, db, snd, config(c)), p
}

func TestOneReminderForAnUnansweredCheckin(t *testing.T) {
	ctx := context.Background()
	c, db, snd, s, _ := pairWeekly(t)
	c.Set("2026-01-05 10:00:00")
	run(t, s)
	answer(t, db, checkinOf(t, snd, "UB"), "UB", store.AnswerMet)
	c.Set("2026-01-07 09:59:00")
	run(t, s)
	if n := snd.count(store.KindReminder); n != 0 {
		t.Fatalf("reminded early: %v", snd.Calls())
	}
	for _, now := range []string{"2026-01-07 10:00:00", "2026-01-07 10:01:00", "2026-01-08 10:00:00"} {
		c.Set(now)
		run(t, s)
	}
	var reminders []call
	for _, cl := range snd.Calls() {
		if cl.Kind == store.KindReminder {
			reminders = append(reminders, cl)
		}
	}
	if len(reminders) != 1 || reminders[0].To != "UA" || reminders[0].Checkin != checkinOf(t, snd, "UA") {
		t.Fatalf("reminders %v", reminders)
	}
	snd2 := &fakeSender{}
	run(t, newScheduler(t, db, snd2, config(c)))
	if len(snd2.Calls()) != 0 {
		t.Fatalf("restart reminded again: %v", snd2.Calls())
	}
	// The reminder's buttons answer the same check-in, once.
	if res := answer(t, db, reminders[0].Checkin, "UA", store.AnswerNotYet); !res.Recorded {
		t.Fatalf("%+v", res)
	}
	if res := answer(t, db, reminders[0].Checkin, "UA", store.AnswerMet); res.Recorded || !res.Closed || res.Checkin.Answer != store.AnswerNotYet {
		t.Fatalf("second answer %+v", res)
	}
	// A reminder planned but answered before it went out is not sent.
	c.Set("2026-01-12 10:00:00")
	run(t, s)
	c.Set("2026-01-14 10:00:00")
	if err := s.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	answer(t, db, checkinOf(t, snd, "UA"), "UA", store.AnswerMet)
	snd.reset()
	if _, err := s.Dispatch(ctx); err != nil {
		t.Fatal(err)
	}
	if got := snd.Calls(); len(got) != 1 || got[0].To != "UB" || got[0].Kind != store.KindReminder {
		t.Fatalf("reminders %v", got)
	}
}

func TestNotMeetingThreeCheckinsInARowPutsPairingAtRisk(t *testing.T) {
	cases := []struct {
		name string
		// answers per week for UA and UB
		ua, ub  []string
		atRisk  int // week after which the pairing is at risk (0 = never)
		weeks   int
		offered bool
	}{
		{"three times not yet", []string{"not_yet", "not_yet", "not_yet"}, []string{"not_yet", "not_yet", "not_yet"}, 3, 3, true},
		{"a met resets the count", []string{"not_yet", "not_yet", "not_yet", "not_yet"}, []string{"not_yet", "met", "not_yet", "not_yet"}, 0, 4, false},
		{"unanswered ones are not closed yet", []string{"", "", ""}, []string{"met", "", ""}, 0, 3, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			c, db, snd, s, p := pairWeekly(t)
			monday := at("2026-01-05 10:00:00")
			for w := 0; w < tc.weeks; w++ {
				c.Set(monday.AddDate(0, 0, 7*w).Format("2006-01-02 15:04:05"))
				run(t, s)
				for who, ans := range map[string]string{"UA": tc.ua[w], "UB": tc.ub[w]} {
					if ans != "" {
						answer(t, db, checkinOf(t, snd, who), who, ans)
					}
				}
				c.Advance(time.Hour)
				run(t, s)
				pr, _ := db.PairingByID(ctx, p.ID)
				if at := pr.AtRiskAt != nil; at != (tc.atRisk != 0 && w+1 >= tc.atRisk) {
					t.Fatalf("week %d: at risk %v (%q)", w+1, at, pr.AtRiskReason)
				}
			}
			if got := snd.count(store.KindRematchOffer); (got == 2) != tc.offered || (got != 0 && got != 2) {
				t.Fatalf("rematch offers %d: %v", got, snd.Calls())
			}
		})
	}
}

func TestIgnoredCheckinsCountOnceIgnoredAfterPasses(t *testing.T) {
	ctx := context.Background()
	c, db, _, s, p := pairWeekly(t)
	for _, now := range []string{"2026-01-05 10:00:00", "2026-01-12 10:00:00", "2026-01-19 10:00:00", "2026-01-23 09:59:00"} {
		c.Set(now)
		run(t, s)
	}
	if pr, _ := db.PairingByID(ctx, p.ID); pr.AtRiskAt != nil {
		t.Fatal("at risk before the third check-in counts as ignored")
	}
	c.Set("2026-01-23 10:00:00") // 2 × ReminderAfter after the third
	run(t, s)
	if pr, _ := db.PairingByID(ctx, p.ID); pr.AtRiskAt == nil || pr.AtRiskReason != store.RiskNotMeeting {
		t.Fatalf("not at risk: %+v", pr)
	}
}

func TestNeedHelpAndLowRatingPutPairingAtRiskOnce(t *testing.T) {
	t.Run("need help", func(t *testing.T) {
		ctx := context.Background()
		c, db, snd, s, p := pairWeekly(t)
		c.Set("2026-01-05 10:00:00")
		run(t, s)
		res := answer(t, db, checkinOf(t, snd, "UA"), "UA", store.AnswerNeedHelp)
		if !res.Recorded || !res.FlaggedAtRisk {
			t.Fatalf("%+v", res)
		}
		for i := 0; i < 3; i++ {
			c.Advance(time.Minute)
			run(t, s)
		}
		pr, _ := db.PairingByID(ctx, p.ID)
		if pr.AtRiskReason != store.RiskNeedHelp || offersTo(snd) != "UA" {
			t.Fatalf("%q %v", pr.AtRiskReason, snd.Calls())
		}
	})
	for _, tc := range []struct {
		rating int
		risk   bool
	}{{2, true}, {1, true}, {3, false}} {
		t.Run(fmt.Sprintf("rating %d", tc.rating), func(t *testing.T) {
			ctx := context.Background()
			c, db, snd, s, p := pairWeekly(t)
			c.Set("2026-02-01 14:00:00")
			run(t, s)
			if _, err := db.SaveFeedback(ctx, store.NewFeedback{PairingID: p.ID, SlackID: "UB", Slot: at("2026-02-01 14:00:00"), Rating: tc.rating}); err != nil {
				t.Fatal(err)
			}
			c.Advance(time.Minute)
			run(t, s)
			c.Advance(time.Minute)
			run(t, s)
			pr, _ := db.PairingByID(ctx, p.ID)
			offers := offersTo(snd)
			if (pr.AtRiskAt != nil) != tc.risk || (tc.risk && (pr.AtRiskReason != store.RiskLowRating || offers != "UB")) || (!tc.risk && offers != "") {
				t.Fatalf("rating %d: at risk %v %q, offers to %q", tc.rating, pr.AtRiskAt != nil, pr.AtRiskReason, offers)
			}
		})
	}
}

// offersTo lists who got a rematch offer, comma-separated.
func offersTo(snd *fakeSender) string {
	var to []string
	for _, c := range snd.Calls() {
		if c.Kind == store.KindRematchOffer {
			to = append(to, c.To)
		}
	}
	return strings.Join(to, ",")
}

func TestIgnoringThreeCheckinsEarnsOnePauseOfferPerStreak(t *testing.T) {
	c, db, snd, s, _ := pairWeekly(t)
	monday := at("2026-01-05 10:00:00")
	// UB always answers Met (the pairing is healthy); UA never answers
	// until the fourth check-in, then ignores three more.
	for w := 0; w < 8; w++ {
		c.Set(monday.AddDate(0, 0, 7*w).Format("2006-01-02 15:04:05"))
		run(t, s)
		answer(t, db, checkinOf(t, snd, "UB"), "UB", store.AnswerMet)
		if w == 3 {
			answer(t, db, checkinOf(t, snd, "UA"), "UA", store.AnswerNotYet)
		}
		for d := 1; d <= 6; d++ {
			c.Advance(24 * time.Hour)
			run(t, s)
		}
		want := 0
		switch {
		case w >= 6:
			want = 2 // the second streak (weeks 5-7) is ignored four days after week 7
		case w >= 2:
			want = 1 // the first streak (weeks 1-3) is ignored four days after week 3
		}
		if got := snd.count(store.KindPauseOffer); got != want {
			t.Fatalf("week %d: %d pause offers, want %d", w+1, got, want)
		}
	}
	for _, cl := range snd.Calls() {
		if cl.Kind == store.KindPauseOffer && (cl.To != "UA" || cl.Pairing != 0) {
			t.Fatalf("pause offer %v", cl)
		}
		if cl.Kind == store.KindRematchOffer {
			t.Fatalf("healthy pairing offered a rematch: %v", cl)
		}
	}
}
