package slackfake_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/mentorbot/mentorbot/bot/slackfake"
)

func TestSlashCommandReachesSlackGoAndAckBecomesEphemeral(t *testing.T) {
	s, _ := newServer(t, slackfake.Options{})
	b := startBot(t, s)
	ctx := testCtx(t)

	hello := b.next(t, socketmode.EventTypeHello)
	if hello.Request == nil || hello.Request.EnvelopeID != "" || hello.Request.ConnectionInfo.AppID != s.AppID() {
		t.Fatalf("hello request = %+v, want app_id %s and no envelope_id", hello.Request, s.AppID())
	}
	if err := s.WaitConnected(ctx, 1); err != nil {
		t.Fatal(err)
	}

	env, err := s.SlashCommand(ctx, "U1", "/mentor", "status now")
	if err != nil {
		t.Fatal(err)
	}
	ev := b.next(t, socketmode.EventTypeSlashCommand)
	cmd, ok := ev.Data.(slack.SlashCommand)
	if !ok {
		t.Fatalf("data is %T, want slack.SlashCommand", ev.Data)
	}
	if ev.Request.EnvelopeID != env.ID() || !ev.Request.AcceptsResponsePayload {
		t.Errorf("request envelope %q accepts=%v, want %q accepts=true", ev.Request.EnvelopeID, ev.Request.AcceptsResponsePayload, env.ID())
	}
	got := map[string]string{
		"command": cmd.Command, "text": cmd.Text, "user_id": cmd.UserID, "user_name": cmd.UserName,
		"team_id": cmd.TeamID, "channel_id": cmd.ChannelID, "channel_name": cmd.ChannelName, "api_app_id": cmd.APIAppID,
	}
	for field, want := range map[string]string{
		"command": "/mentor", "text": "status now", "user_id": "U1", "user_name": "ada",
		"team_id": "T0001", "channel_id": s.DefaultChannel(), "channel_name": "general", "api_app_id": s.AppID(),
	} {
		if got[field] != want {
			t.Errorf("%s = %q, want %q", field, got[field], want)
		}
	}
	if cmd.TriggerID == "" || !strings.HasPrefix(cmd.ResponseURL, "http://127.0.0.1:") {
		t.Errorf("trigger_id %q response_url %q", cmd.TriggerID, cmd.ResponseURL)
	}

	if err := b.sm.Ack(*ev.Request, map[string]any{"text": "You are not paired yet."}); err != nil {
		t.Fatal(err)
	}
	ack, err := env.WaitAck(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if ack.Latency <= 0 || ack.Late || !strings.Contains(string(ack.Payload), "not paired") {
		t.Errorf("ack = %+v", ack)
	}
	eph := s.Ephemerals("U1")
	if len(eph) != 1 || eph[0].Text != "You are not paired yet." || eph[0].Source != "slash_ack" || eph[0].Channel != s.DefaultChannel() {
		t.Fatalf("ephemerals = %+v", eph)
	}

	// The response_url posts further ephemeral replies, up to 5 times.
	for i := range 6 {
		_, _, err := b.api.PostMessageContext(ctx, "", slack.MsgOptionText("more", false),
			slack.MsgOptionResponseURL(cmd.ResponseURL, slack.ResponseTypeEphemeral))
		if i < 5 && err != nil {
			t.Fatalf("response_url use %d: %v", i+1, err)
		}
		if i == 5 && err == nil {
			t.Fatal("6th response_url use succeeded; Slack allows 5")
		}
	}
	if got := len(s.Ephemerals("U1")); got != 6 {
		t.Errorf("ephemerals after 5 response_url posts = %d, want 6", got)
	}
}

func TestBlockActionsParseIntoInteractionCallback(t *testing.T) {
	s, _ := newServer(t, slackfake.Options{})
	b := startBot(t, s)
	ctx := testCtx(t)

	btn := slack.NewButtonBlockElement("checkin_met", "pairing-7", slack.NewTextBlockObject(slack.PlainTextType, "Met", false, false))
	actions := slack.NewActionBlock("checkin", btn)
	ch, ts, err := b.api.PostMessageContext(ctx, "U1", slack.MsgOptionText("Did you meet?", false), slack.MsgOptionBlocks(actions))
	if err != nil {
		t.Fatal(err)
	}
	if ch != s.DMChannel("U1") || !strings.HasPrefix(ch, "D") {
		t.Fatalf("posted to %q, DM is %q", ch, s.DMChannel("U1"))
	}

	if _, err := s.ClickButton(ctx, "U1", slackfake.Location{Channel: ch, TS: ts}, "checkin_met", "pairing-8"); !errors.Is(err, slackfake.ErrNoSuchButton) {
		t.Fatalf("click on a missing value: err = %v, want ErrNoSuchButton", err)
	}
	if _, err := s.ClickButton(ctx, "U1", slackfake.Location{Channel: ch, TS: ts}, "checkin_missed", ""); !errors.Is(err, slackfake.ErrNoSuchButton) {
		t.Fatalf("click on a missing action: err = %v, want ErrNoSuchButton", err)
	}
	if _, err := s.ClickButton(ctx, "U2", slackfake.Location{Channel: ch, TS: ts}, "checkin_met", ""); err == nil {
		t.Fatal("U2 clicked a button in U1's DM")
	}

	env, err := s.ClickButton(ctx, "U1", slackfake.Location{Channel: ch, TS: ts}, "checkin_met", "pairing-7")
	if err != nil {
		t.Fatal(err)
	}
	ev := b.next(t, socketmode.EventTypeInteractive)
	cb, ok := ev.Data.(slack.InteractionCallback)
	if !ok {
		t.Fatalf("data is %T", ev.Data)
	}
	if cb.Type != slack.InteractionTypeBlockActions || cb.User.ID != "U1" || cb.TriggerID == "" || cb.ResponseURL == "" {
		t.Errorf("callback type %q user %q trigger %q response_url %q", cb.Type, cb.User.ID, cb.TriggerID, cb.ResponseURL)
	}
	if cb.Container.Type != "message" || cb.Container.ChannelID != ch || cb.Container.MessageTs != ts || cb.Message.Timestamp != ts {
		t.Errorf("container %+v message ts %q", cb.Container, cb.Message.Timestamp)
	}
	if len(cb.ActionCallback.BlockActions) != 1 {
		t.Fatalf("block actions = %d", len(cb.ActionCallback.BlockActions))
	}
	a := cb.ActionCallback.BlockActions[0]
	if a.ActionID != "checkin_met" || a.BlockID != "checkin" || a.Value != "pairing-7" || a.Type != "button" || a.ActionTs == "" || a.Text.Text != "Met" {
		t.Errorf("action = %+v", a)
	}
	if len(cb.Message.Blocks.BlockSet) != 1 {
		t.Errorf("message blocks = %d, want the posted block", len(cb.Message.Blocks.BlockSet))
	}
	if err := b.sm.Ack(*ev.Request); err != nil {
		t.Fatal(err)
	}
	if ack, err := env.WaitAck(ctx); err != nil || ack.Payload != nil {
		t.Fatalf("ack %+v err %v", ack, err)
	}

	// replace_original through the response_url updates the clicked message.
	if _, _, err := b.api.PostMessageContext(ctx, "", slack.MsgOptionText("Thanks, noted", false),
		slack.MsgOptionReplaceOriginal(cb.ResponseURL)); err != nil {
		t.Fatal(err)
	}
	msgs := s.Messages(ch)
	if len(msgs) != 1 || msgs[0].Text != "Thanks, noted" || !msgs[0].Updated {
		t.Fatalf("messages after replace_original = %+v", msgs)
	}
}
