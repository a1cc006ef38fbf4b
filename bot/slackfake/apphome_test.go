package slackfake_test

import (
	"strings"
	"testing"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"

	"github.com/mentorbot/mentorbot/bot/slackfake"
)

func TestAppHomeOpenedParsesThroughSlackeventsAndRedelivers(t *testing.T) {
	s, _ := newServer(t, slackfake.Options{})
	b := startBot(t, s)
	ctx := testCtx(t)

	home := slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: []slack.Block{
		slack.NewActionBlock("home_actions", slack.NewButtonBlockElement("find", "", slack.NewTextBlockObject(slack.PlainTextType, "Find a mentor", false, false))),
	}}}
	published, err := b.api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: "U1", View: home})
	if err != nil {
		t.Fatal(err)
	}

	env, err := s.OpenHome(ctx, "U1")
	if err != nil {
		t.Fatal(err)
	}
	ev := b.next(t, socketmode.EventTypeEventsAPI)
	outer, ok := ev.Data.(slackevents.EventsAPIEvent)
	if !ok || outer.Type != slackevents.CallbackEvent {
		t.Fatalf("data %T %+v", ev.Data, ev.Data)
	}
	opened, ok := outer.InnerEvent.Data.(*slackevents.AppHomeOpenedEvent)
	if !ok {
		t.Fatalf("inner event %T", outer.InnerEvent.Data)
	}
	if opened.User != "U1" || opened.Tab != "home" || opened.Channel != s.DMChannel("U1") || opened.View == nil || opened.View.ID != published.View.ID {
		t.Fatalf("app_home_opened = %+v", opened)
	}
	cb := outer.Data.(*slackevents.EventsAPICallbackEvent)
	if !strings.HasPrefix(cb.EventID, "Ev") || ev.Request.RetryAttempt != 0 {
		t.Errorf("event_id %q retry %d", cb.EventID, ev.Request.RetryAttempt)
	}

	// The bot does not ack; Slack redelivers with the same payload.
	again, err := s.Redeliver(ctx, env, false)
	if err != nil {
		t.Fatal(err)
	}
	ev2 := b.next(t, socketmode.EventTypeEventsAPI)
	cb2 := ev2.Data.(slackevents.EventsAPIEvent).Data.(*slackevents.EventsAPICallbackEvent)
	if ev2.Request.EnvelopeID != env.ID() || ev2.Request.RetryAttempt != 1 || ev2.Request.RetryReason != "timeout" || cb2.EventID != cb.EventID {
		t.Fatalf("redelivery envelope %q retry %d/%q event %q", ev2.Request.EnvelopeID, ev2.Request.RetryAttempt, ev2.Request.RetryReason, cb2.EventID)
	}
	_ = b.sm.Ack(*ev2.Request)
	if _, err := again.WaitAck(ctx); err != nil {
		t.Fatal(err)
	}
	// One ack for the shared envelope_id settles both deliveries.
	if _, ok := env.Acked(); !ok {
		t.Error("first delivery not acked by the ack of its envelope_id")
	}

	third, err := s.Redeliver(ctx, again, true)
	if err != nil {
		t.Fatal(err)
	}
	ev3 := b.next(t, socketmode.EventTypeEventsAPI)
	if third.ID() == env.ID() || ev3.Request.EnvelopeID != third.ID() || ev3.Request.RetryAttempt != 2 {
		t.Fatalf("new-id redelivery: %q retry %d", ev3.Request.EnvelopeID, ev3.Request.RetryAttempt)
	}
	if d := s.Deliveries(); len(d) != 3 || d[2] != third {
		t.Fatalf("deliveries = %d", len(d))
	}
	if _, ok := third.Acked(); ok {
		t.Error("unacked redelivery reported as acked")
	}

	// The Home tab's button can be clicked.
	if _, err := s.ClickButton(ctx, "U1", slackfake.Location{ViewID: published.View.ID}, "find", ""); err != nil {
		t.Fatal(err)
	}
	click := b.next(t, socketmode.EventTypeInteractive).Data.(slack.InteractionCallback)
	if click.Container.Type != "view" || click.View.ID != published.View.ID || click.View.Type != slack.VTHomeTab {
		t.Fatalf("home click container %+v view %q", click.Container, click.View.ID)
	}
}
