package slackfake_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
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

func TestViewSubmissionValuesParseAndResponseActions(t *testing.T) {
	s, _ := newServer(t, slackfake.Options{})
	b := startBot(t, s)
	ctx := testCtx(t)

	if _, err := s.SlashCommand(ctx, "U1", "/mentor", "signup"); err != nil {
		t.Fatal(err)
	}
	ev := b.next(t, socketmode.EventTypeSlashCommand)
	cmd := ev.Data.(slack.SlashCommand)
	_ = b.sm.Ack(*ev.Request)

	opt := func(v, text string) *slack.OptionBlockObject {
		return slack.NewOptionBlockObject(v, slack.NewTextBlockObject(slack.PlainTextType, text, false, false), nil)
	}
	label := func(s string) *slack.TextBlockObject {
		return slack.NewTextBlockObject(slack.PlainTextType, s, false, false)
	}
	goals := slack.NewPlainTextInputBlockElement(nil, "goals")
	goals.MaxLength = 20
	years := slack.NewNumberInputBlockElement(nil, "years", false)
	role := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, nil, "role", opt("mentor", "Mentor"), opt("mentee", "Mentee"))
	topics := slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeStatic, nil, "topics", opt("go", "Go"), opt("sql", "SQL"), opt("k8s", "Kubernetes"))
	manager := slack.NewOptionsSelectBlockElement(slack.OptTypeUser, nil, "manager")
	cadence := slack.NewRadioButtonsBlockElement("cadence", opt("weekly", "Weekly"), opt("monthly", "Monthly"))
	consent := slack.NewCheckboxGroupsBlockElement("consent", opt("yes", "I agree"))
	start := slack.NewDatePickerBlockElement("start")
	managerBlock := slack.NewInputBlock("manager_b", label("Manager"), nil, manager)
	managerBlock.Optional = true
	modal := slack.ModalViewRequest{
		Type:            slack.VTModal,
		Title:           label("Sign up"),
		Submit:          label("Save"),
		CallbackID:      "signup",
		PrivateMetadata: "prog-1",
		Blocks: slack.Blocks{BlockSet: []slack.Block{
			slack.NewInputBlock("goals_b", label("Goals"), nil, goals),
			slack.NewInputBlock("years_b", label("Years"), nil, years),
			slack.NewInputBlock("role_b", label("Role"), nil, role),
			slack.NewInputBlock("topics_b", label("Topics"), nil, topics),
			managerBlock,
			slack.NewInputBlock("cadence_b", label("Cadence"), nil, cadence),
			slack.NewInputBlock("consent_b", label("Consent"), nil, consent),
			slack.NewInputBlock("start_b", label("Start"), nil, start),
		}},
	}
	resp, err := b.api.OpenViewContext(ctx, cmd.TriggerID, modal)
	if err != nil {
		t.Fatal(err)
	}
	viewID := resp.View.ID
	if open := s.OpenViews("U1"); len(open) != 1 || open[0].ID != viewID || open[0].CallbackID != "signup" {
		t.Fatalf("open views = %+v", open)
	}

	values := map[string]map[string]slackfake.Value{
		"goals_b":   {"goals": {Value: "learn Go"}},
		"years_b":   {"years": {Value: "4"}},
		"role_b":    {"role": {Type: "static_select", SelectedOption: "mentee"}},
		"topics_b":  {"topics": {SelectedOptions: []string{"go", "k8s"}}},
		"cadence_b": {"cadence": {SelectedOption: "weekly"}},
		"consent_b": {"consent": {SelectedOptions: []string{"yes"}}},
		"start_b":   {"start": {SelectedDate: "2025-04-01"}},
	}
	bad := []struct {
		name   string
		change func(map[string]map[string]slackfake.Value)
	}{
		{"required left empty", func(v map[string]map[string]slackfake.Value) { delete(v, "goals_b") }},
		{"over max_length", func(v map[string]map[string]slackfake.Value) {
			v["goals_b"] = map[string]slackfake.Value{"goals": {Value: strings.Repeat("x", 21)}}
		}},
		{"unknown option", func(v map[string]map[string]slackfake.Value) {
			v["role_b"] = map[string]slackfake.Value{"role": {SelectedOption: "boss"}}
		}},
		{"decimal in whole-number input", func(v map[string]map[string]slackfake.Value) {
			v["years_b"] = map[string]slackfake.Value{"years": {Value: "1.5"}}
		}},
		{"wrong type", func(v map[string]map[string]slackfake.Value) {
			v["role_b"] = map[string]slackfake.Value{"role": {Type: "users_select", SelectedUser: "U2"}}
		}},
		{"unknown block", func(v map[string]map[string]slackfake.Value) {
			v["nope"] = map[string]slackfake.Value{"x": {Value: "1"}}
		}},
	}
	for _, tc := range bad {
		v := map[string]map[string]slackfake.Value{}
		for k, x := range values {
			v[k] = x
		}
		tc.change(v)
		if _, err := s.SubmitView(ctx, "U1", viewID, v); err == nil {
			t.Errorf("%s: SubmitView accepted it", tc.name)
		}
	}

	values["manager_b"] = map[string]slackfake.Value{"manager": {SelectedUser: "U2"}}
	env, err := s.SubmitView(ctx, "U1", viewID, values)
	if err != nil {
		t.Fatal(err)
	}
	ev = b.next(t, socketmode.EventTypeInteractive)
	cb := ev.Data.(slack.InteractionCallback)
	if cb.Type != slack.InteractionTypeViewSubmission || cb.View.ID != viewID || cb.View.CallbackID != "signup" ||
		cb.View.PrivateMetadata != "prog-1" || cb.View.Hash != resp.View.Hash {
		t.Fatalf("view_submission view = id %q callback %q meta %q hash %q", cb.View.ID, cb.View.CallbackID, cb.View.PrivateMetadata, cb.View.Hash)
	}
	st := cb.View.State.Values
	checks := map[string]bool{
		"goals":   st["goals_b"]["goals"].Value == "learn Go" && st["goals_b"]["goals"].Type == "plain_text_input",
		"years":   st["years_b"]["years"].Value == "4",
		"role":    st["role_b"]["role"].SelectedOption.Value == "mentee" && st["role_b"]["role"].SelectedOption.Text.Text == "Mentee",
		"topics":  len(st["topics_b"]["topics"].SelectedOptions) == 2 && st["topics_b"]["topics"].SelectedOptions[1].Value == "k8s",
		"manager": st["manager_b"]["manager"].SelectedUser == "U2",
		"cadence": st["cadence_b"]["cadence"].SelectedOption.Value == "weekly",
		"consent": len(st["consent_b"]["consent"].SelectedOptions) == 1,
		"start":   st["start_b"]["start"].SelectedDate == "2025-04-01",
	}
	for name, ok := range checks {
		if !ok {
			t.Errorf("state value %s wrong: %+v", name, st)
		}
	}

	// response_action errors keeps the view open; the errors come back in the ack.
	_ = b.sm.Ack(*ev.Request, slack.NewErrorsViewSubmissionResponse(map[string]string{"goals_b": "Too vague"}))
	ack, err := env.WaitAck(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(ack.Payload), "Too vague") || ack.Problem != "" {
		t.Fatalf("ack = %+v", ack)
	}
	if len(s.OpenViews("U1")) != 1 {
		t.Fatal("view closed after response_action errors")
	}

	// An ack naming a block that is not an input block is refused by Slack.
	env, _ = s.SubmitView(ctx, "U1", viewID, values)
	ev = b.next(t, socketmode.EventTypeInteractive)
	_ = b.sm.Ack(*ev.Request, slack.NewErrorsViewSubmissionResponse(map[string]string{"no_such_block": "x"}))
	if ack, _ := env.WaitAck(ctx); ack.Problem == "" {
		t.Error("errors for an unknown block_id were accepted")
	}

	// push, then clear.
	env, _ = s.SubmitView(ctx, "U1", viewID, values)
	ev = b.next(t, socketmode.EventTypeInteractive)
	next := slack.ModalViewRequest{Type: slack.VTModal, Title: label("Thanks"), Blocks: slack.Blocks{BlockSet: []slack.Block{
		slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, "Saved", false, false), nil, nil),
	}}}
	_ = b.sm.Ack(*ev.Request, slack.NewPushViewSubmissionResponse(&next))
	if _, err := env.WaitAck(ctx); err != nil {
		t.Fatal(err)
	}
	if open := s.OpenViews("U1"); len(open) != 2 || open[1].PreviousViewID != viewID || open[1].RootViewID != viewID {
		t.Fatalf("after push: %+v", open)
	}
	if _, err := s.SubmitView(ctx, "U1", viewID, values); err == nil {
		t.Error("submitted a modal that is under another one")
	}
	if env, err := s.CloseView(ctx, "U1", s.OpenViews("U1")[1].ID); env != nil || err != nil {
		t.Fatalf("CloseView without notify_on_close = %v, %v; want nil, nil", env, err)
	}
	if open := s.OpenViews("U1"); len(open) != 1 || open[0].ID != viewID {
		t.Fatalf("after closing the pushed view: %+v", open)
	}

	// No ack payload closes the view.
	env, _ = s.SubmitView(ctx, "U1", viewID, values)
	ev = b.next(t, socketmode.EventTypeInteractive)
	_ = b.sm.Ack(*ev.Request)
	if _, err := env.WaitAck(ctx); err != nil {
		t.Fatal(err)
	}
	if open := s.OpenViews("U1"); len(open) != 0 {
		t.Fatalf("view still open after empty ack: %+v", open)
	}
	if v, ok := s.View(viewID); !ok || v.Open {
		t.Fatalf("View(%s) = %+v, %v", viewID, v, ok)
	}
}

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

func TestDisconnectAndDropMakeSlackGoReconnect(t *testing.T) {
	s, _ := newServer(t, slackfake.Options{PingInterval: 50 * time.Millisecond})
	b := startBot(t, s)
	ctx := testCtx(t)
	if err := s.WaitConnected(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if n := s.ConnectCount(); n != 1 {
		t.Fatalf("ConnectCount = %d", n)
	}

	s.Disconnect("refresh_requested")
	if err := s.Wait(ctx, func() bool { return s.ConnectCount() == 2 && s.Connections() == 1 }); err != nil {
		t.Fatalf("no reconnect after disconnect: %v (count %d)", err, s.ConnectCount())
	}

	s.DropConnections()
	if err := s.Wait(ctx, func() bool { return s.ConnectCount() == 3 && s.Connections() == 1 }); err != nil {
		t.Fatalf("no reconnect after drop: %v (count %d)", err, s.ConnectCount())
	}

	// Envelopes flow on the new connection.
	env, err := s.SlashCommand(ctx, "U2", "/mentor", "help")
	if err != nil {
		t.Fatal(err)
	}
	ev := b.next(t, socketmode.EventTypeSlashCommand)
	_ = b.sm.Ack(*ev.Request)
	if _, err := env.WaitAck(ctx); err != nil {
		t.Fatal(err)
	}
	if n := len(s.Calls("apps.connections.open")); n != 3 {
		t.Errorf("apps.connections.open calls = %d, want 3", n)
	}
}

func TestEnvelopeWaitsForAConnection(t *testing.T) {
	s, _ := newServer(t, slackfake.Options{})
	ctx := testCtx(t)
	got := make(chan *slackfake.Envelope, 1)
	go func() {
		env, _ := s.SlashCommand(ctx, "U1", "/mentor", "")
		got <- env
	}()
	b := startBot(t, s)
	ev := b.next(t, socketmode.EventTypeSlashCommand)
	env := <-got
	if env == nil || ev.Request.EnvelopeID != env.ID() {
		t.Fatalf("envelope %v, request %q", env, ev.Request.EnvelopeID)
	}
}

func TestCloseLeavesNoServerGoroutines(t *testing.T) {
	s := slackfake.New(slackfake.Options{PingInterval: 20 * time.Millisecond})
	s.AddUser(slackfake.User{ID: "U1", Name: "ada"})
	b := startBot(t, s)
	ctx := testCtx(t)
	if err := s.WaitConnected(ctx, 1); err != nil {
		t.Fatal(err)
	}
	// A Web API call held back by a Delay fault is in flight during Close.
	s.FailNext("users.info", 1, slackfake.Fault{Delay: time.Hour})
	callDone := make(chan error, 1)
	go func() {
		_, err := b.api.GetUserInfoContext(ctx, "U1")
		callDone <- err
	}()
	if err := s.Wait(ctx, func() bool { return strings.Contains(allStacks(), "(*Server).serveFault") }); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if g := slackfakeGoroutines(); len(g) > 0 {
		t.Fatalf("goroutines left after Close:\n%s", strings.Join(g, "\n\n"))
	}
	if err := <-callDone; err == nil {
		t.Error("delayed call succeeded after Close")
	}
	if _, err := s.SlashCommand(ctx, "U1", "/mentor", ""); !errors.Is(err, slackfake.ErrClosed) {
		t.Errorf("SlashCommand after Close: %v", err)
	}
	s.Close() // idempotent
}

func TestEnvelopeJSONIsSlacksShape(t *testing.T) {
	s, _ := newServer(t, slackfake.Options{})
	b := startBot(t, s)
	ctx := testCtx(t)
	if _, err := s.OpenHome(ctx, "U1"); err != nil {
		t.Fatal(err)
	}
	ev := b.next(t, socketmode.EventTypeEventsAPI)
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(ev.Request.Payload, &raw); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"token", "team_id", "api_app_id", "event", "type", "event_id", "event_time", "authorizations", "event_context"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("event_callback lacks %q", k)
		}
	}
}
