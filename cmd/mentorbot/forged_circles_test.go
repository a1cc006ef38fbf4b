package main

import (
	"context"
	"strconv"

	"github.com/mentorbot/mentorbot/store"
)

// The gate world's circles: Bob (a victim) is a member of Ann's open
// circle "Victims" and was in "Gone", now closed; Cat (the attacker) leads
// "Own" with Dan in it. Bob and Cat each got a circle check-in.
type circleRecords struct {
	victims, gone, own   int64 // circle ids
	bobCheckin, catCheck int64 // circle check-in ids
}

// addCircles builds the circles and sends the two circle check-ins.
func (w *gateWorld) addCircles() {
	w.t.Helper()
	ctx := context.Background()
	zero := 0 // Ann and Cat are at capacity with their pairings
	mk := func(name, lead string, members ...string) int64 {
		c, err := w.db.CreateCircle(ctx, store.NewCircle{Name: name, LeadSlack: lead, Topic: "t", SizeLimit: 4, SeatCap: &zero, Cadence: store.CadenceWeekly})
		if err != nil {
			w.t.Fatal(err)
		}
		for _, m := range members {
			if _, err := w.db.JoinCircle(ctx, c.ID, m); err != nil {
				w.t.Fatal(err)
			}
		}
		return c.ID
	}
	w.circles.victims = mk("Victims", "UANN", "UBOB")
	w.circles.gone = mk("Gone", "UANN", "UBOB")
	if _, err := w.db.CloseCircle(ctx, w.circles.gone, "closed by an admin"); err != nil {
		w.t.Fatal(err)
	}
	w.circles.own = mk("Own", "UCAT", "UDAN")
	now := w.r.clock.Now()
	var rows []store.NewDelivery
	for _, who := range []struct {
		slack  string
		circle int64
	}{{"UBOB", w.circles.victims}, {"UCAT", w.circles.own}} {
		p, err := w.db.Participant(ctx, who.slack)
		if err != nil {
			w.t.Fatal(err)
		}
		rows = append(rows, store.NewDelivery{RecipientID: p.ID, PairingID: who.circle, Kind: store.KindCircleCheckin, Slot: now})
	}
	if _, err := w.db.Enqueue(ctx, rows); err != nil {
		w.t.Fatal(err)
	}
	if _, err := w.a.sched.Dispatch(w.r.ctx()); err != nil {
		w.t.Fatal(err)
	}
	for _, who := range []struct {
		slack string
		id    *int64
	}{{"UBOB", &w.circles.bobCheckin}, {"UCAT", &w.circles.catCheck}} {
		sent, err := w.db.SentMessages(ctx, store.SentFilter{RecipientSlack: who.slack, Kinds: []string{store.KindCircleCheckin}})
		if err != nil || len(sent) != 1 || sent[0].CheckinID == 0 {
			w.t.Fatalf("%s's circle check-in: %+v, %v\nlogs:\n%s", who.slack, sent, err, w.r.logs.String())
		}
		*who.id = sent[0].CheckinID
	}
}

// circleRef is the id a payload names for the circles' Refers kinds: Bob's
// (foreign) or Cat's (own); "" when there is none.
func (w *gateWorld) circleRef(who personRecords, kind string) (string, bool) {
	victim := who.slackID == w.victim.slackID
	var id int64
	switch kind {
	case "open circle": // a closed circle cannot be joined; Cat's own is open
		id = w.circles.own
		if victim {
			id = w.circles.gone
		}
	case "circle": // only members may leave: Bob is in Victims
		if victim {
			id = w.circles.victims
		}
	case "circle check-in":
		id = w.circles.catCheck
		if victim {
			id = w.circles.bobCheckin
		}
	default:
		return "", false
	}
	if id == 0 {
		return "", true
	}
	return strconv.FormatInt(id, 10), true
}
