package slackfake_test

import (
	"strings"
	"testing"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/mentorbot/mentorbot/bot/slackfake"
)

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
