package scheduler_test

import (
	"context"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"
)

// notifySender signals each send on a channel.
type notifySender struct {
	fakeSender
	sent chan struct{}
}

func (n *notifySender) Send(ctx context.Context, d store.Delivery) (sm scheduler.SentMessage, err error) {
	sm, err = n.fakeSender.Send(ctx, d)
	n.sent <- struct{}{}
	return sm, err
}

// Run catches up at start-up without waiting for the first cron tick, and
// returns when its context ends.
func TestRunCatchesUpAtStartAndStops(t *testing.T) {
	c := newClock("2026-01-04 12:00:00")
	db, _ := newDB(t, c)
	person(t, db, "UA", "UTC", "")
	person(t, db, "UB", "UTC", "")
	pair(t, db, "UA", "UB")
	c.Set("2026-01-05 10:00:20")
	snd := &notifySender{sent: make(chan struct{}, 4)}
	s := newScheduler(t, db, snd, config(c))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	timeout := time.After(10 * time.Second)
	for i := 0; i < 2; i++ {
		select {
		case <-snd.sent:
		case <-timeout:
			t.Fatalf("check-ins not sent at start-up: %v", snd.Calls())
		}
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not stop")
	}
	if n := len(snd.Calls()); n != 2 {
		t.Fatalf("calls %v", snd.Calls())
	}
}
