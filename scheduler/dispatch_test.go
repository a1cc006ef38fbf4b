package scheduler_test

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"testing"

	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/sqldb"
)

// Two serve processes on one database file: each plans and dispatches the
// same slot at the same time; every key goes out exactly once.
func TestTwoSchedulersOnOneDatabaseSendEachKeyOnce(t *testing.T) {
	c := newClock("2026-01-04 12:00:00")
	db1, path := newDB(t, c)
	schedulersSendEachKeyOnce(t, c, db1, openDB(t, path, c))
}

// schedulersSendEachKeyOnce runs one scheduler per handle of one database
// (as replicas would), all planning and dispatching the same slots at the
// same time, twice each; every key goes out exactly once.
func schedulersSendEachKeyOnce(t *testing.T, c *clock, dbs ...*sqldb.DB) {
	t.Helper()
	const pairs = 40
	for i := 0; i < pairs; i++ {
		a, b := fmt.Sprintf("UM%02d", i), fmt.Sprintf("UE%02d", i)
		person(t, dbs[0], a, []string{"UTC", "Europe/Paris", "America/New_York"}[i%3], "")
		person(t, dbs[0], b, "UTC", "")
		pair(t, dbs[0], a, b)
	}
	snd := &fakeSender{after: func(store.Delivery) { runtime.Gosched() }}
	var ss []*scheduler.Scheduler
	for i, db := range dbs {
		cfg := config(c)
		cfg.WorkerID = fmt.Sprintf("serve-%d", i+1)
		ss = append(ss, newScheduler(t, db, snd, cfg))
	}
	ctx := context.Background()
	var wg sync.WaitGroup
	for _, now := range []string{"2026-01-05 09:00:00", "2026-01-05 10:00:00", "2026-01-05 15:00:00", "2026-01-05 15:00:30"} {
		c.Set(now)
		errs := make(chan error, 2*len(ss))
		for _, s := range append(ss, ss...) {
			wg.Add(1)
			go func(s *scheduler.Scheduler) {
				defer wg.Done()
				if _, err := s.Plan(ctx, c.Now()); err != nil {
					errs <- err
					return
				}
				if _, err := s.Dispatch(ctx); err != nil {
					errs <- err
				}
			}(s)
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
	}
	seen := map[string]int{}
	for _, cl := range snd.Calls() {
		seen[cl.String()]++
	}
	for key, n := range seen {
		if n != 1 {
			t.Errorf("%s sent %d times", key, n)
		}
	}
	if len(seen) != 2*pairs {
		t.Fatalf("%d distinct check-ins sent, want %d", len(seen), 2*pairs)
	}
}

// A crash after Slack took the message but before the outbox recorded it:
// the row stays in sending and is never resent blindly.
func TestKillBetweenSendAndRecord(t *testing.T) {
	ctx := context.Background()
	c := newClock("2026-01-04 12:00:00")
	db1, path := newDB(t, c)
	person(t, db1, "UA", "UTC", "")
	person(t, db1, "UB", "UTC", "")
	pair(t, db1, "UA", "UB")

	// First process: the first send goes out, then the process "dies"
	// (its database handle closes before the outcome is written).
	var once sync.Once
	snd := &fakeSender{after: func(store.Delivery) { once.Do(func() { db1.Close() }) }}
	cfg := config(c)
	cfg.Workers = 1
	cfg.WorkerID = "dead-process"
	s1 := newScheduler(t, db1, snd, cfg)
	c.Set("2026-01-05 10:00:00")
	if err := s1.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	_, _ = s1.Dispatch(ctx) // fails once the handle is gone
	if n := len(snd.Calls()); n != 1 {
		t.Fatalf("first process sent %d", n)
	}
	first := snd.Calls()[0].To

	// Restart: the other person's check-in goes out, the first is not resent.
	db2 := openDB(t, path, c)
	cfg.WorkerID = "restarted"
	s2 := newScheduler(t, db2, snd, cfg)
	c.Set("2026-01-05 10:01:00")
	run(t, s2)
	calls := snd.Calls()
	if len(calls) != 2 || calls[0].To == calls[1].To {
		t.Fatalf("after restart: %v", calls)
	}
	if r := rows(t, db2, first); len(r) != 1 || r[0] != "checkin sending 2026-01-05 10:00" {
		t.Fatalf("crashed row %v", r)
	}
	// After the lease it is given up as failed, still not resent.
	c.Set("2026-01-05 10:11:00")
	run(t, s2)
	if n := len(snd.Calls()); n != 2 {
		t.Fatalf("resent after the lease: %v", snd.Calls())
	}
	if r := rows(t, db2, first); len(r) != 1 || r[0] != "checkin failed 2026-01-05 10:00" {
		t.Fatalf("row after lease %v", r)
	}
	// The person can still answer the check-in they did receive.
	res, err := db2.AnswerCheckin(ctx, calls[0].Checkin, calls[0].To, store.AnswerMet)
	if err != nil || !res.Recorded {
		t.Fatalf("answer %+v %v", res, err)
	}
}

// proberSender can look for messages: found says whether one exists.
type proberSender struct {
	*fakeSender
	found bool
}

func (p *proberSender) Probe(ctx context.Context, d store.Delivery) (scheduler.SentMessage, bool, error) {
	if p.found {
		return scheduler.SentMessage{Channel: "D" + d.RecipientSlack, TS: "99.000001"}, true, nil
	}
	return scheduler.SentMessage{}, false, nil
}

func TestProberResolvesDeadSends(t *testing.T) {
	for _, found := range []bool{true, false} {
		t.Run(fmt.Sprintf("found=%v", found), func(t *testing.T) {
			ctx := context.Background()
			c := newClock("2026-01-04 12:00:00")
			db, _ := newDB(t, c)
			person(t, db, "UA", "UTC", "")
			person(t, db, "UB", "UTC", "")
			pair(t, db, "UA", "UB")
			unknown := &fakeSender{fail: func(d store.Delivery) error {
				if d.RecipientSlack == "UA" {
					return context.DeadlineExceeded // may or may not have gone out
				}
				return nil
			}}
			cfg := config(c)
			s := newScheduler(t, db, &proberSender{fakeSender: unknown, found: found}, cfg)
			c.Set("2026-01-05 10:00:00")
			st := run(t, s)
			if st.Unknown != 1 || st.Sent != 1 {
				t.Fatalf("stats %+v", st)
			}
			// Within the lease nothing happens to it.
			c.Set("2026-01-05 10:05:00")
			run(t, s)
			if r := rows(t, db, "UA"); r[0] != "checkin sending 2026-01-05 10:00" {
				t.Fatalf("rows %v", r)
			}
			unknown.fail = nil
			c.Set("2026-01-05 10:10:01")
			run(t, s)
			want, sends := "checkin sent 2026-01-05 10:00", 0
			if !found {
				sends = 1 // proven absent: sent again, once
			}
			if r := rows(t, db, "UA"); r[0] != want {
				t.Fatalf("rows %v", r)
			}
			n := 0
			for _, cl := range unknown.Calls() {
				if cl.To == "UA" {
					n++
				}
			}
			if n != sends {
				t.Fatalf("UA sends %d, want %d", n, sends)
			}
			ex, _ := db.ExportPerson(ctx, "UA")
			if ex.CheckIns[0].SentAt == nil {
				t.Fatalf("check-in not stamped sent: %+v", ex.CheckIns)
			}
		})
	}
}
