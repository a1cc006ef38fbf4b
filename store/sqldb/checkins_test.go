package sqldb_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/sqldb"
)

// sentCheckin puts a sent check-in for the mentee (UB) at slot and returns
// its id.
func sentCheckin(t *testing.T, db *sqldb.DB, p store.Pairing, who int64, slot time.Time) int64 {
	t.Helper()
	ctx := context.Background()
	if _, err := db.Enqueue(ctx, []store.NewDelivery{{RecipientID: who, PairingID: p.ID, Kind: store.KindCheckin, Slot: slot}}); err != nil {
		t.Fatal(err)
	}
	due, err := db.DueDeliveries(ctx, slot, 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range due {
		if d.RecipientID == who && d.Kind == store.KindCheckin && d.Slot.Equal(slot) {
			c, ok, err := db.ClaimDelivery(ctx, d.ID, "w", slot)
			if err != nil || !ok {
				t.Fatalf("claim %v %v", ok, err)
			}
			if err := db.MarkDeliverySent(ctx, d.ID, "w", "D", "1.1", slot); err != nil {
				t.Fatal(err)
			}
			return c.CheckinID
		}
	}
	t.Fatal("check-in not due")
	return 0
}

func TestAnswerCheckinFirstAnswerWins(t *testing.T) {
	ctx := context.Background()
	db, clock, _, p := outboxFixture(t)
	id := sentCheckin(t, db, p, p.MenteeID, clock.t)
	if _, err := db.AnswerCheckin(ctx, id, "UB", "maybe"); !errors.Is(err, store.ErrInvalid) {
		t.Fatalf("bad answer: %v", err)
	}
	if _, err := db.AnswerCheckin(ctx, id, "UA", store.AnswerMet); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("someone else's check-in: %v", err)
	}
	if _, err := db.AnswerCheckin(ctx, 9999, "UB", store.AnswerMet); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("no such check-in: %v", err)
	}
	res, err := db.AnswerCheckin(ctx, id, "UB", store.AnswerNotYet)
	if err != nil || !res.Recorded || res.Closed || res.Checkin.Answer != store.AnswerNotYet || res.Checkin.AnsweredAt == nil ||
		res.Checkin.MentorSlack != "UA" || res.Checkin.MenteeSlack != "UB" {
		t.Fatalf("first %+v %v", res, err)
	}
	res, err = db.AnswerCheckin(ctx, id, "UB", store.AnswerNeedHelp)
	if err != nil || res.Recorded || !res.Closed || res.Checkin.Answer != store.AnswerNotYet || res.FlaggedAtRisk {
		t.Fatalf("second %+v %v", res, err)
	}
	if pr, _ := db.PairingByID(ctx, p.ID); pr.AtRiskAt != nil {
		t.Fatal("a closed check-in's Need help flagged the pairing")
	}
}

func TestAnswerCheckinConcurrentClicksRecordOnce(t *testing.T) {
	ctx := context.Background()
	db, clock, path, p := outboxFixture(t)
	other, err := sqldb.Open(ctx, path, sqldb.Options{Clock: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	id := sentCheckin(t, db, p, p.MenteeID, clock.t)
	var wg sync.WaitGroup
	var mu sync.Mutex
	recorded := 0
	for i, h := range []*sqldb.DB{db, other, db, other, db, other} {
		wg.Add(1)
		go func(h *sqldb.DB, ans string) {
			defer wg.Done()
			res, err := h.AnswerCheckin(ctx, id, "UB", ans)
			if err != nil {
				t.Error(err)
				return
			}
			if res.Recorded {
				mu.Lock()
				recorded++
				mu.Unlock()
			}
		}(h, []string{store.AnswerMet, store.AnswerNotYet}[i%2])
	}
	wg.Wait()
	if recorded != 1 {
		t.Fatalf("recorded %d times", recorded)
	}
}

func TestAnswerOnEndedPairingIsClosed(t *testing.T) {
	ctx := context.Background()
	db, clock, _, p := outboxFixture(t)
	id := sentCheckin(t, db, p, p.MenteeID, clock.t)
	if _, err := db.EndPairingByID(ctx, p.ID, "rematch"); err != nil {
		t.Fatal(err)
	}
	res, err := db.AnswerCheckin(ctx, id, "UB", store.AnswerMet)
	if err != nil || res.Recorded || !res.Closed || !res.PairingEnded || res.Checkin.Answer != "" {
		t.Fatalf("%+v %v", res, err)
	}
}

func TestNeedHelpFlagsThePairingInTheSameTransaction(t *testing.T) {
	ctx := context.Background()
	db, clock, _, p := outboxFixture(t)
	id := sentCheckin(t, db, p, p.MenteeID, clock.t)
	res, err := db.AnswerCheckin(ctx, id, "UB", store.AnswerNeedHelp)
	if err != nil || !res.Recorded || !res.FlaggedAtRisk {
		t.Fatalf("%+v %v", res, err)
	}
	pr, _ := db.PairingByID(ctx, p.ID)
	if pr.AtRiskReason != store.RiskNeedHelp {
		t.Fatalf("reason %q", pr.AtRiskReason)
	}
	ids, _ := db.PairingsAskingHelp(ctx)
	if len(ids) != 0 {
		t.Fatalf("already flagged pairings listed: %v", ids)
	}
	risky, _ := db.AtRiskPairings(ctx)
	if len(risky) != 1 || risky[0].PairingID != p.ID || risky[0].MentorID != p.MentorID {
		t.Fatalf("%+v", risky)
	}
}

func TestDueRemindersAndStreaks(t *testing.T) {
	ctx := context.Background()
	db, clock, _, p := outboxFixture(t)
	week := 7 * 24 * time.Hour
	s1, s2, s3 := clock.t, clock.t.Add(week), clock.t.Add(2*week)
	a1 := sentCheckin(t, db, p, p.MenteeID, s1)
	sentCheckin(t, db, p, p.MenteeID, s2)
	sentCheckin(t, db, p, p.MenteeID, s3)
	m3 := sentCheckin(t, db, p, p.MentorID, s3)
	// Only the newest unanswered check-in of each person may be reminded.
	due, err := db.DueReminders(ctx, s3)
	if err != nil || len(due) != 2 {
		t.Fatalf("due %+v %v", due, err)
	}
	for _, d := range due {
		if !d.Slot.Equal(s3) {
			t.Fatalf("overtaken check-in reminded: %+v", d)
		}
	}
	if due, _ := db.DueReminders(ctx, s3.Add(-time.Second)); len(due) != 0 {
		t.Fatalf("reminded before ReminderAfter: %+v", due)
	}
	if _, err := db.AnswerCheckin(ctx, m3, "UA", store.AnswerMet); err != nil {
		t.Fatal(err)
	}
	if due, _ := db.DueReminders(ctx, s3); len(due) != 1 || due[0].ParticipantID != p.MenteeID {
		t.Fatalf("answered check-in reminded: %+v", due)
	}
	// UB ignored three slots in a row; an answer to the first breaks it.
	streaks, err := db.IgnoreStreaks(ctx, 3, s3)
	if err != nil || len(streaks) != 1 || streaks[0].ParticipantID != p.MenteeID || !streaks[0].Slot.Equal(s3) {
		t.Fatalf("streaks %+v %v", streaks, err)
	}
	if streaks, _ := db.IgnoreStreaks(ctx, 3, s3.Add(-time.Second)); len(streaks) != 0 {
		t.Fatalf("the third is not ignored yet: %+v", streaks)
	}
	// UA's Met in slot 3 covers the pairing: nothing closed comes after it.
	if ids, _ := db.PairingsNotMeeting(ctx, 3, s3); len(ids) != 0 {
		t.Fatalf("not meeting %v", ids)
	}
	if _, err := db.AnswerCheckin(ctx, a1, "UB", store.AnswerNotYet); err != nil {
		t.Fatal(err)
	}
	if streaks, _ := db.IgnoreStreaks(ctx, 3, s3); len(streaks) != 0 {
		t.Fatalf("answered person still streaking: %+v", streaks)
	}
}

func TestPairingsNotMeeting(t *testing.T) {
	ctx := context.Background()
	db, clock, _, p := outboxFixture(t)
	week := 7 * 24 * time.Hour
	var ids []int64
	for i := 0; i < 3; i++ {
		ids = append(ids, sentCheckin(t, db, p, p.MenteeID, clock.t.Add(time.Duration(i)*week)))
	}
	last := clock.t.Add(2 * week)
	// Two answered Not yet, the third still open: not yet at risk.
	for _, id := range ids[:2] {
		if _, err := db.AnswerCheckin(ctx, id, "UB", store.AnswerNotYet); err != nil {
			t.Fatal(err)
		}
	}
	if got, _ := db.PairingsNotMeeting(ctx, 3, last.Add(-time.Second)); len(got) != 0 {
		t.Fatalf("at risk with an open check-in: %v", got)
	}
	// Once the third counts as ignored, it is.
	if got, _ := db.PairingsNotMeeting(ctx, 3, last); len(got) != 1 || got[0] != p.ID {
		t.Fatalf("not meeting %v", got)
	}
}
