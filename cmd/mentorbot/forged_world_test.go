package main

import (
	"context"
	"encoding/json"
	"strconv"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot/slackfake"
	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/sqldb"
)

// The forged-payload tests' world: Ann (mentor) and Bob (mentee) are the
// victims; Cat (mentor) and Dan (mentee) are the attacker's pairing; Cat is
// the attacker and Eve an admin who owns nothing. For Bob and for Cat each
// kind of record a payload can name exists and went out: a check-in, a
// feedback prompt, a rematch offer and a pause offer. Bob has asked Ann to
// mentor him (a pending request), and Hana (UADMIN) has an unconfirmed
// matching preview.

// eve is the second admin.
var eve = slackfake.User{ID: "UEVE", Name: "eve", RealName: "Eve Admin", TZ: "UTC"}

// sentMsg is a message the bot sent: where it is.
type sentMsg struct{ Channel, TS string }

// personRecords are one person's records, as a payload would name them.
type personRecords struct {
	slackID  string
	pairing  int64
	checkin  int64
	feedback int64 // the feedback prompt's delivery id
	goal     int64 // a goal of their pairing (Bob's, as its mentee)
	roundAsk int64 // their networking round's "Did you meet?"
	// Their DMs from the bot, by delivery kind.
	msgs map[string]sentMsg
}

type gateWorld struct {
	t        *testing.T
	r        *running
	a        *app
	db       *sqldb.DB
	victim   personRecords // Bob
	own      personRecords // Cat
	request  int64         // Bob's pending request to Ann
	proposal int64         // Hana's matching preview
	circles  circleRecords // forged_circles_test.go
}

// startQuietApp is startApp without the scheduler's own loop: the test
// drives planning and sending (Tick, Dispatch) itself, so nothing is sent
// behind its back while it compares before and after. The bot, its Socket
// Mode connection and the store are exactly serve's.
func startQuietApp(t *testing.T) (*running, *app) {
	t.Helper()
	return startWith(t, startOptions{driven: true, users: []slackfake.User{eve}, env: map[string]string{"MENTORBOT_ADMINS": "UADMIN,UEVE"}})
}

// newGateWorld starts the bot and builds the world.
func newGateWorld(t *testing.T) *gateWorld {
	t.Helper()
	r, a := startQuietApp(t)
	ctx := context.Background()
	db, err := sqldb.Open(ctx, r.cfg.DB, sqldb.Options{Clock: r.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	w := &gateWorld{t: t, r: r, a: a, db: db}
	for _, p := range []store.Profile{
		{SlackID: "UANN", Name: "Ann Mentor", Role: store.RoleMentor, Teaches: []string{"Go"}, Capacity: 1},
		{SlackID: "UBOB", Name: "Bob Mentee", Role: store.RoleMentee, Learns: []string{"Go"}},
		{SlackID: "UCAT", Name: "Cat Both", Role: store.RoleBoth, Teaches: []string{"Go"}, Learns: []string{"Rust"}, Capacity: 1},
		{SlackID: "UDAN", Name: "Dan Mentee", Role: store.RoleMentee, Learns: []string{"Go"}},
	} {
		p.Cadence, p.Timezone = store.CadenceWeekly, "UTC"
		if _, err := db.SaveProfile(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	w.victim = w.pair("UANN", "UBOB")
	w.own = w.pair("UCAT", "UDAN")
	goals, err := db.SetGoals(ctx, w.victim.pairing, "UBOB", []store.GoalInput{{Text: "VICTIMGOAL"}})
	if err != nil {
		t.Fatal(err)
	}
	w.victim.goal = goals[0].ID
	w.addCircles()

	// Monday 10:00 UTC: everyone's check-in goes out; then Bob's and Cat's
	// prompt and offers.
	r.at(a, "2026-11-02 10:00")
	var rows []store.NewDelivery
	for _, who := range []personRecords{w.victim, w.own} {
		me, err := db.Participant(ctx, who.slackID)
		if err != nil {
			t.Fatal(err)
		}
		now := r.clock.Now()
		rows = append(rows,
			store.NewDelivery{RecipientID: me.ID, PairingID: who.pairing, Kind: store.KindFeedback, Slot: now},
			store.NewDelivery{RecipientID: me.ID, PairingID: who.pairing, Kind: store.KindRematchOffer, Slot: now},
			store.NewDelivery{RecipientID: me.ID, Kind: store.KindPauseOffer, Slot: now})
	}
	if _, err := db.Enqueue(ctx, rows); err != nil {
		t.Fatal(err)
	}
	if _, err := a.sched.Dispatch(r.ctx()); err != nil {
		t.Fatal(err)
	}
	w.victim = w.records(w.victim)
	w.own = w.records(w.own)
	w.roundAsks()

	req, err := db.CreateRequest(ctx, "UBOB", "UANN")
	if err != nil {
		t.Fatal(err)
	}
	w.request = req.ID
	fp, err := db.MatchFingerprint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := json.Marshal(map[string]any{"program": "", "pairs": []store.ProposedPair{{MentorSlack: "UANN", MenteeSlack: "UDAN", Score: 1}}})
	if w.proposal, err = db.SaveProposal(ctx, "", "UADMIN", fp, string(body)); err != nil {
		t.Fatal(err)
	}
	return w
}

// roundAsks runs a networking round on #general (Bob with Ann, Cat with
// Dan) whose asks are due at once, sends them, and keeps Bob's and Cat's.
func (w *gateWorld) roundAsks() {
	w.t.Helper()
	ctx := context.Background()
	now := w.r.clock.Now()
	se, err := w.db.StartSeries(ctx, store.NewRoundSeries{ChannelID: w.r.fake.DefaultChannel(), EveryWeeks: 2, GroupSize: 2, Anchor: now, CreatedBy: "UADMIN"})
	if err != nil {
		w.t.Fatal(err)
	}
	for _, u := range []string{"UANN", "UBOB", "UCAT", "UDAN"} {
		if _, err := w.db.JoinRounds(ctx, se.ID, u, "UTC"); err != nil {
			w.t.Fatal(err)
		}
	}
	fixed := func([]store.RoundPerson, int, func(a, b string) bool) ([][]string, int, error) {
		return [][]string{{"UANN", "UBOB"}, {"UCAT", "UDAN"}}, 0, nil
	}
	if _, err := w.db.RunRound(ctx, store.RoundPlan{SeriesID: se.ID, Slot: now.Add(-time.Minute), AskAt: now.Add(-time.Second)}, "test", fixed); err != nil {
		w.t.Fatal(err)
	}
	if _, err := w.a.sched.Dispatch(w.r.ctx()); err != nil {
		w.t.Fatal(err)
	}
	for _, who := range []*personRecords{&w.victim, &w.own} {
		asks, err := w.db.RoundMessagesTo(ctx, who.slackID, store.RoundAsk)
		if err != nil || len(asks) != 1 || asks[0].State != store.DeliverySent {
			w.t.Fatalf("%s's round ask: %+v %v; logs:\n%s", who.slackID, asks, err, w.r.logs.String())
		}
		who.roundAsk = asks[0].ID
	}
}

func (w *gateWorld) pair(mentor, mentee string) personRecords {
	p, err := w.db.CreatePairing(context.Background(), store.NewPairing{MentorSlack: mentor, MenteeSlack: mentee})
	if err != nil {
		w.t.Fatal(err)
	}
	slackID := mentee
	if mentor == "UCAT" {
		slackID = mentor
	}
	return personRecords{slackID: slackID, pairing: p.ID}
}

// records reads back what the bot sent who: every kind must be there.
func (w *gateWorld) records(who personRecords) personRecords {
	w.t.Helper()
	sent, err := w.db.SentMessages(context.Background(), store.SentFilter{RecipientSlack: who.slackID,
		Kinds: []string{store.KindCheckin, store.KindFeedback, store.KindRematchOffer, store.KindPauseOffer}})
	if err != nil {
		w.t.Fatal(err)
	}
	who.msgs = map[string]sentMsg{}
	for _, d := range sent {
		who.msgs[d.Kind] = sentMsg{Channel: d.ChannelID, TS: d.MessageTS}
		switch d.Kind {
		case store.KindCheckin:
			who.checkin = d.CheckinID
		case store.KindFeedback:
			who.feedback = d.ID
		}
	}
	if len(who.msgs) != 4 || who.checkin == 0 {
		w.t.Fatalf("%s was sent %d of 4 kinds (check-in %d); logs:\n%s", who.slackID, len(who.msgs), who.checkin, w.r.logs.String())
	}
	return who
}

// ref is the id a payload names for a kind of record: Bob's (foreign) or
// Cat's (own); "" when the world has none of that kind for them.
func (w *gateWorld) ref(who personRecords, kind string) string {
	if s, ok := w.circleRef(who, kind); ok {
		return s
	}
	var id int64
	switch kind {
	case "check-in":
		id = who.checkin
	case "delivery":
		id = who.feedback
	case "pairing":
		id = who.pairing
	case "goal":
		id = who.goal
	case "request":
		if who.slackID == w.victim.slackID {
			id = w.request
		}
	case "proposal":
		if who.slackID == w.victim.slackID {
			id = w.proposal
		}
	case "round ask":
		id = who.roundAsk
	}
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}

// click sends user's block_actions payload for actionID with value, as if
// clicked on the message at where: a real trigger_id and response_url
// (issued in #general), every other field as given.
func (w *gateWorld) click(user, actionID, value string, where sentMsg) *slackfake.Envelope {
	w.t.Helper()
	return w.clickWithResponseURL(user, actionID, value, where, w.r.fake.IssueResponseURL(user, w.r.fake.DefaultChannel()))
}

func (w *gateWorld) clickWithResponseURL(user, actionID, value string, where sentMsg, responseURL string) *slackfake.Envelope {
	w.t.Helper()
	cb := slack.InteractionCallback{
		Type:        slack.InteractionTypeBlockActions,
		Token:       "forged",
		TriggerID:   w.r.fake.IssueTrigger(user),
		ResponseURL: responseURL,
		User:        slack.User{ID: user},
		Team:        slack.Team{ID: w.r.fake.TeamID()},
		APIAppID:    w.r.fake.AppID(),
		Container:   slack.Container{Type: "message", ChannelID: where.Channel, MessageTs: where.TS},
		ActionCallback: slack.ActionCallbacks{BlockActions: []*slack.BlockAction{
			{ActionID: actionID, BlockID: "forged", Type: "button", Value: value, ActionTs: "1.000001"}}},
	}
	cb.Channel.ID = where.Channel
	return w.send(user, &cb)
}

// submit sends user's view_submission of view viewID for callbackID with
// private_metadata meta and the form values given (block_id → value, also
// as the selected option).
func (w *gateWorld) submit(user, viewID, callbackID, meta string, values map[string]string) *slackfake.Envelope {
	w.t.Helper()
	state := &slack.ViewState{Values: map[string]map[string]slack.BlockAction{}}
	for block, v := range values {
		state.Values[block] = map[string]slack.BlockAction{"value": {Value: v, SelectedOption: slack.OptionBlockObject{Value: v}}}
	}
	cb := slack.InteractionCallback{
		Type:      slack.InteractionTypeViewSubmission,
		Token:     "forged",
		TriggerID: w.r.fake.IssueTrigger(user),
		User:      slack.User{ID: user},
		Team:      slack.Team{ID: w.r.fake.TeamID()},
		APIAppID:  w.r.fake.AppID(),
	}
	cb.View = slack.View{ID: viewID, Type: slack.VTModal, CallbackID: callbackID, PrivateMetadata: meta,
		Hash: w.r.fake.IssueTrigger(user), State: state}
	return w.send(user, &cb)
}

func (w *gateWorld) send(user string, cb *slack.InteractionCallback) *slackfake.Envelope {
	w.t.Helper()
	raw, err := json.Marshal(cb)
	if err != nil {
		w.t.Fatal(err)
	}
	env, err := w.r.fake.SendInteractive(w.r.ctx(), user, raw)
	if err != nil {
		w.t.Fatal(err)
	}
	w.settle(env)
	return env
}

// settle waits for env's ack, then for every handler to finish.
func (w *gateWorld) settle(env *slackfake.Envelope) slackfake.Ack {
	w.t.Helper()
	ack, err := env.WaitAck(w.r.ctx())
	if err != nil {
		w.t.Fatalf("no ack: %v", err)
	}
	w.a.bot.WaitIdle()
	return ack
}
