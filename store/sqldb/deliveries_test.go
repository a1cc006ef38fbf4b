package sqldb_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/sqldb"
	"github.com/mentorbot/mentorbot/store/sqldb/sqldbtest"
)

// outboxFixture is two people paired, on a database file a second handle
// can open.
func outboxFixture(t *testing.T) (*sqldb.DB, *fixedClock, string, store.Pairing) {
	t.Helper()
	clock := &fixedClock{t: time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)}
	path := sqldbtest.Target(t)
	db, err := sqldb.Open(context.Background(), path, sqldb.Options{Clock: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"UA", "UB"} {
		if _, err := db.SaveProfile(context.Background(), profile(id, store.RoleBoth)); err != nil {
			t.Fatal(err)
		}
	}
	p, err := db.CreatePairing(context.Background(), store.NewPairing{MentorSlack: "UA", MenteeSlack: "UB"})
	if err != nil {
		t.Fatal(err)
	}
	return db, clock, path, p
}

func dueOne(t *testing.T, db *sqldb.DB, now time.Time) store.Delivery {
	t.Helper()
	due, err := db.DueDeliveries(context.Background(), now, 10)
	if err != nil || len(due) == 0 {
		t.Fatalf("due %v %v", due, err)
	}
	return due[0]
}

func TestEnqueueKeepsOneRowPerKey(t *testing.T) {
	ctx := context.Background()
	db, clock, _, p := outboxFixture(t)
	slot := clock.t
	rows := []store.NewDelivery{
		{RecipientID: p.MentorID, PairingID: p.ID, Kind: store.KindCheckin, Slot: slot},
		{RecipientID: p.MenteeID, PairingID: p.ID, Kind: store.KindCheckin, Slot: slot.In(time.FixedZone("X", 3600))}, // same instant, other zone
		{RecipientID: p.MenteeID, PairingID: p.ID, Kind: store.KindCheckin, Slot: slot.Add(-7 * 24 * time.Hour), State: store.DeliveryMissed, Note: "old"},
	}
	n, err := db.Enqueue(ctx, rows)
	if err != nil || n != 3 {
		t.Fatalf("first: %d %v", n, err)
	}
	rows[1].Slot = slot // the same key again
	n, err = db.Enqueue(ctx, rows)
	if err != nil || n != 0 {
		t.Fatalf("second: %d %v", n, err)
	}
	latest, err := db.LatestSlots(ctx, []store.DeliveryKey{{RecipientID: p.MenteeID, PairingID: p.ID, Kind: store.KindCheckin}, {RecipientID: 99, Kind: store.KindCheckin}})
	if err != nil || len(latest) != 1 || !latest[store.DeliveryKey{RecipientID: p.MenteeID, PairingID: p.ID, Kind: store.KindCheckin}].Equal(slot) {
		t.Fatalf("latest %v %v", latest, err)
	}
	due, err := db.DueDeliveries(ctx, slot, 10)
	if err != nil || len(due) != 2 {
		t.Fatalf("due %d %v (missed rows are never due)", len(due), err)
	}
	for _, bad := range []store.NewDelivery{
		{RecipientID: p.MentorID, Kind: "spam", Slot: slot},
		{RecipientID: p.MentorID, Kind: store.KindCheckin},
		{RecipientID: p.MentorID, Kind: store.KindCheckin, Slot: slot, State: store.DeliverySent},
	} {
		if _, err := db.Enqueue(ctx, []store.NewDelivery{bad}); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("%+v: %v", bad, err)
		}
	}
}

func TestClaimIsCompareAndSetAcrossProcesses(t *testing.T) {
	ctx := context.Background()
	db, clock, path, p := outboxFixture(t)
	other, err := sqldb.Open(ctx, path, sqldb.Options{Clock: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	var rows []store.NewDelivery
	for i := 0; i < 30; i++ {
		rows = append(rows, store.NewDelivery{RecipientID: p.MentorID, PairingID: p.ID, Kind: store.KindFeedback, Slot: clock.t.Add(-time.Duration(i) * time.Minute)})
	}
	if _, err := db.Enqueue(ctx, rows); err != nil {
		t.Fatal(err)
	}
	due, err := db.DueDeliveries(ctx, clock.t, 100)
	if err != nil || len(due) != 30 {
		t.Fatalf("due %d %v", len(due), err)
	}
	var mu sync.Mutex
	claims := map[int64]int{}
	var wg sync.WaitGroup
	for w, h := range []*sqldb.DB{db, other, db, other} {
		wg.Add(1)
		go func(worker string, h *sqldb.DB) {
			defer wg.Done()
			for _, d := range due {
				_, ok, err := h.ClaimDelivery(ctx, d.ID, worker, clock.t)
				if err != nil {
					t.Error(err)
					return
				}
				if ok {
					mu.Lock()
					claims[d.ID]++
					mu.Unlock()
				}
			}
		}(string(rune('a'+w)), h)
	}
	wg.Wait()
	if len(claims) != 30 {
		t.Fatalf("%d rows claimed", len(claims))
	}
	for id, n := range claims {
		if n != 1 {
			t.Fatalf("row %d claimed %d times", id, n)
		}
	}
}

func TestClaimCheckinCreatesItAndSentStampsIt(t *testing.T) {
	ctx := context.Background()
	db, clock, _, p := outboxFixture(t)
	if _, err := db.Enqueue(ctx, []store.NewDelivery{{RecipientID: p.MenteeID, PairingID: p.ID, Kind: store.KindCheckin, Slot: clock.t}}); err != nil {
		t.Fatal(err)
	}
	row := dueOne(t, db, clock.t)
	if _, ok, _ := db.ClaimDelivery(ctx, row.ID, "w1", clock.t.Add(-time.Second)); ok {
		t.Fatal("claimed before it was due")
	}
	d, ok, err := db.ClaimDelivery(ctx, row.ID, "w1", clock.t)
	if err != nil || !ok || d.State != store.DeliverySending || d.CheckinID == 0 || d.Attempts != 1 ||
		d.RecipientSlack != "UB" || d.OtherSlack != "UA" || d.OtherName != "Person UA" || d.PairingStatus != "active" {
		t.Fatalf("claim %+v %v %v", d, ok, err)
	}
	if _, ok, _ := db.ClaimDelivery(ctx, row.ID, "w2", clock.t); ok {
		t.Fatal("claimed twice")
	}
	if err := db.MarkDeliverySent(ctx, d.ID, "w2", "D1", "1.1", clock.t); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("another worker recorded it: %v", err)
	}
	if err := db.MarkDeliverySent(ctx, d.ID, "w1", "DUB", "1700000000.000100", clock.t); err != nil {
		t.Fatal(err)
	}
	got, err := db.DeliveryByID(ctx, d.ID)
	if err != nil || got.State != store.DeliverySent || got.ChannelID != "DUB" || got.MessageTS != "1700000000.000100" {
		t.Fatalf("%+v %v", got, err)
	}
	ci, err := db.CheckinByID(ctx, d.CheckinID)
	if err != nil || ci.SentAt == nil || !ci.Slot.Equal(clock.t) {
		t.Fatalf("check-in %+v %v", ci, err)
	}
	// The reminder names the same check-in and stamps reminded_at.
	if _, err := db.Enqueue(ctx, []store.NewDelivery{{RecipientID: p.MenteeID, PairingID: p.ID, Kind: store.KindReminder, Slot: clock.t}}); err != nil {
		t.Fatal(err)
	}
	r, ok, err := db.ClaimDelivery(ctx, dueOne(t, db, clock.t).ID, "w1", clock.t)
	if err != nil || !ok || r.CheckinID != d.CheckinID {
		t.Fatalf("reminder %+v %v %v", r, ok, err)
	}
	if err := db.MarkDeliverySent(ctx, r.ID, "w1", "DUB", "2.2", clock.t); err != nil {
		t.Fatal(err)
	}
	if ci, _ := db.CheckinByID(ctx, d.CheckinID); ci.RemindedAt == nil {
		t.Fatal("reminded_at not stamped")
	}
}

func TestClaimRecordsRowsThatMustNotGoOutAsMissed(t *testing.T) {
	cases := []struct {
		name  string
		kind  string
		setup func(*sqldb.DB, store.Pairing) error
		why   string
	}{
		{"recipient paused", store.KindCheckin, func(db *sqldb.DB, p store.Pairing) error { return db.Pause(context.Background(), "UB", nil) }, "recipient paused"},
		{"partner paused", store.KindCheckin, func(db *sqldb.DB, p store.Pairing) error { return db.Pause(context.Background(), "UA", nil) }, "pairing on hold: other person paused"},
		{"partner paused, rematch offer still goes", store.KindRematchOffer, func(db *sqldb.DB, p store.Pairing) error { return db.Pause(context.Background(), "UA", nil) }, ""},
		{"unreachable", store.KindFeedback, func(db *sqldb.DB, p store.Pairing) error {
			_, err := db.MarkUnreachable(context.Background(), "UB", "user_disabled")
			return err
		}, "recipient unreachable"},
		{"pairing ended", store.KindCheckin, func(db *sqldb.DB, p store.Pairing) error {
			_, err := db.EndPairingByID(context.Background(), p.ID, "x")
			return err
		}, "pairing ended"},
		{"ended pairing still gets its end-of-pairing prompt", store.KindFeedbackEnd, func(db *sqldb.DB, p store.Pairing) error {
			_, err := db.EndPairingByID(context.Background(), p.ID, "x")
			return err
		}, ""},
		{"reminder of a check-in never sent", store.KindReminder, func(*sqldb.DB, store.Pairing) error { return nil }, "check-in not sent"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			db, clock, _, p := outboxFixture(t)
			if _, err := db.Enqueue(ctx, []store.NewDelivery{{RecipientID: p.MenteeID, PairingID: p.ID, Kind: tc.kind, Slot: clock.t}}); err != nil {
				t.Fatal(err)
			}
			if err := tc.setup(db, p); err != nil {
				t.Fatal(err)
			}
			row := dueOne(t, db, clock.t)
			_, ok, err := db.ClaimDelivery(ctx, row.ID, "w", clock.t)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := db.DeliveryByID(ctx, row.ID)
			if tc.why == "" {
				if !ok || got.State != store.DeliverySending {
					t.Fatalf("not claimed: %+v", got)
				}
				return
			}
			if ok || got.State != store.DeliveryMissed || got.LastError != tc.why {
				t.Fatalf("claimed %v, row %+v", ok, got)
			}
		})
	}
}

func TestSettlingAClaim(t *testing.T) {
	ctx := context.Background()
	db, clock, _, p := outboxFixture(t)
	if _, err := db.Enqueue(ctx, []store.NewDelivery{{RecipientID: p.MentorID, PairingID: p.ID, Kind: store.KindFeedback, Slot: clock.t}}); err != nil {
		t.Fatal(err)
	}
	id := dueOne(t, db, clock.t).ID
	claim := func() store.Delivery {
		d, ok, err := db.ClaimDelivery(ctx, id, "w", clock.t)
		if err != nil || !ok {
			t.Fatalf("claim %v %v", ok, err)
		}
		return d
	}
	claim()
	if err := db.RetryDelivery(ctx, id, "w", clock.t, false, "429"); err != nil {
		t.Fatal(err)
	}
	if d := claim(); d.Attempts != 1 {
		t.Fatalf("a rate limit used an attempt: %d", d.Attempts)
	}
	if err := db.RetryDelivery(ctx, id, "w", clock.t.Add(time.Minute), true, "503"); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := db.ClaimDelivery(ctx, id, "w", clock.t); ok {
		t.Fatal("claimed before its retry time")
	}
	d := claim2(t, db, id, clock.t.Add(time.Minute))
	if d.Attempts != 2 {
		t.Fatalf("attempts %d", d.Attempts)
	}
	// Stale: claimed at +1 min, lease cut-off later.
	stale, err := db.StaleDeliveries(ctx, clock.t.Add(2*time.Minute))
	if err != nil || len(stale) != 1 || stale[0].ID != id {
		t.Fatalf("stale %v %v", stale, err)
	}
	if err := db.NoteDelivery(ctx, id, "w", "outcome unknown"); err != nil {
		t.Fatal(err)
	}
	if err := db.FailDelivery(ctx, id, "w", "gave up"); err != nil {
		t.Fatal(err)
	}
	if err := db.FailDelivery(ctx, id, "w", "again"); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("settled twice: %v", err)
	}
	// The message turned out to exist after all: sent wins over failed.
	if err := db.MarkDeliverySent(ctx, id, "w", "D1", "3.3", clock.t); err != nil {
		t.Fatal(err)
	}
}

func claim2(t *testing.T, db *sqldb.DB, id int64, now time.Time) store.Delivery {
	t.Helper()
	d, ok, err := db.ClaimDelivery(context.Background(), id, "w", now)
	if err != nil || !ok {
		t.Fatalf("claim %v %v", ok, err)
	}
	return d
}

func TestExpirePendingAndScheduleTargets(t *testing.T) {
	ctx := context.Background()
	db, clock, _, p := outboxFixture(t)
	old, fresh := clock.t.Add(-25*time.Hour), clock.t.Add(-time.Hour)
	if _, err := db.Enqueue(ctx, []store.NewDelivery{
		{RecipientID: p.MentorID, PairingID: p.ID, Kind: store.KindCheckin, Slot: old},
		{RecipientID: p.MentorID, PairingID: p.ID, Kind: store.KindCheckin, Slot: fresh},
		{RecipientID: p.MentorID, PairingID: p.ID, Kind: store.KindRematchOffer, Slot: old},
	}); err != nil {
		t.Fatal(err)
	}
	n, err := db.ExpirePending(ctx, store.KindCheckin, clock.t.Add(-24*time.Hour), "too late")
	if err != nil || n != 1 {
		t.Fatalf("expired %d %v", n, err)
	}
	counts, _ := db.DeliveryCounts(ctx)
	if counts[[2]string{store.KindCheckin, store.DeliveryMissed}] != 1 || counts[[2]string{store.KindCheckin, store.DeliveryPending}] != 1 ||
		counts[[2]string{store.KindRematchOffer, store.DeliveryPending}] != 1 {
		t.Fatalf("counts %v", counts)
	}
	targets, err := db.ScheduleTargets(ctx)
	if err != nil || len(targets) != 2 || targets[0].Timezone != "Europe/Paris" || targets[0].Cadence != store.CadenceWeekly {
		t.Fatalf("targets %+v %v", targets, err)
	}
	if err := db.Pause(ctx, "UA", nil); err != nil {
		t.Fatal(err)
	}
	if targets, _ := db.ScheduleTargets(ctx); len(targets) != 0 {
		t.Fatalf("a pairing on hold has targets: %+v", targets)
	}
}
