package slackfake_test

import (
	"encoding/json"
	"testing"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/mentorbot/mentorbot/bot/slackfake"
)

func plain(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, s, false, false)
}

// openModal runs a slash command and opens modal with its trigger.
func openModal(t *testing.T, s *slackfake.Server, b *bot, modal slack.ModalViewRequest) (*slack.ViewResponse, slack.SlashCommand) {
	t.Helper()
	ctx := testCtx(t)
	if _, err := s.SlashCommand(ctx, "U1", "/mentor", "feedback"); err != nil {
		t.Fatal(err)
	}
	ev := b.next(t, socketmode.EventTypeSlashCommand)
	_ = b.sm.Ack(*ev.Request)
	cmd := ev.Data.(slack.SlashCommand)
	resp, err := b.api.OpenViewContext(ctx, cmd.TriggerID, modal)
	if err != nil {
		t.Fatal(err)
	}
	return resp, cmd
}

func TestViewsPushStackAndCloseNotifications(t *testing.T) {
	s, _ := newServer(t, slackfake.Options{})
	b := startBot(t, s)
	ctx := testCtx(t)

	root := slack.ModalViewRequest{Type: slack.VTModal, Title: plain("Root"), NotifyOnClose: true,
		Blocks: slack.Blocks{BlockSet: []slack.Block{slack.NewActionBlock("a", slack.NewButtonBlockElement("more", "1", plain("More")))}}}
	opened, _ := openModal(t, s, b, root)

	// Each push needs a trigger from a click in the modal on top.
	push := func() (*slack.ViewResponse, error) {
		open := s.OpenViews("U1")
		top := open[len(open)-1].ID
		if len(open) > 1 {
			if _, err := s.ClickButton(ctx, "U1", slackfake.Location{ViewID: open[0].ID}, "more", ""); err == nil {
				t.Error("clicked a button in a modal hidden under another")
			}
		}
		if _, err := s.ClickButton(ctx, "U1", slackfake.Location{ViewID: top}, "more", ""); err != nil {
			t.Fatal(err)
		}
		ev := b.next(t, socketmode.EventTypeInteractive)
		_ = b.sm.Ack(*ev.Request)
		cb := ev.Data.(slack.InteractionCallback)
		next := slack.ModalViewRequest{Type: slack.VTModal, Title: plain("Next"), ClearOnClose: true, Blocks: root.Blocks}
		return b.api.PushViewContext(ctx, cb.TriggerID, next)
	}
	if _, err := push(); err != nil {
		t.Fatal(err)
	}
	third, err := push()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := push(); slackError(err) != "push_limit_reached" {
		t.Fatalf("fourth view: %v, want push_limit_reached", err)
	}
	if n := len(s.OpenViews("U1")); n != 3 {
		t.Fatalf("stack = %d", n)
	}

	// Closing a clear_on_close view clears the stack; the root asked for
	// notify_on_close but the closed view did not, so no envelope.
	env, err := s.CloseView(ctx, "U1", third.View.ID)
	if env != nil || err != nil {
		t.Fatalf("CloseView = %v, %v", env, err)
	}
	if n := len(s.OpenViews("U1")); n != 0 {
		t.Fatalf("stack after clear_on_close = %d", n)
	}

	opened, _ = openModal(t, s, b, root)
	env, err = s.CloseView(ctx, "U1", opened.View.ID)
	if err != nil || env == nil {
		t.Fatalf("CloseView with notify_on_close = %v, %v", env, err)
	}
	ev := b.next(t, socketmode.EventTypeInteractive)
	cb := ev.Data.(slack.InteractionCallback)
	if cb.Type != slack.InteractionTypeViewClosed || cb.View.ID != opened.View.ID || cb.IsCleared {
		t.Fatalf("view_closed = type %q view %q cleared %v", cb.Type, cb.View.ID, cb.IsCleared)
	}
	if _, err := s.CloseView(ctx, "U1", opened.View.ID); err == nil {
		t.Error("closed an already closed view")
	}
}

func TestSubmissionUsesInitialValuesAndUpdateAction(t *testing.T) {
	s, _ := newServer(t, slackfake.Options{})
	b := startBot(t, s)
	ctx := testCtx(t)

	rating := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, nil, "rating",
		slack.NewOptionBlockObject("4", plain("4"), nil), slack.NewOptionBlockObject("5", plain("5"), nil))
	rating.InitialOption = slack.NewOptionBlockObject("4", plain("4"), nil)
	well := slack.NewPlainTextInputBlockElement(nil, "well")
	well.InitialValue = "pairing went well"
	notes := slack.NewPlainTextInputBlockElement(nil, "notes")
	notesBlock := slack.NewInputBlock("notes_b", plain("Notes"), nil, notes)
	notesBlock.Optional = true
	modal := slack.ModalViewRequest{Type: slack.VTModal, Title: plain("Feedback"), Submit: plain("Send"), CallbackID: "feedback",
		Blocks: slack.Blocks{BlockSet: []slack.Block{
			slack.NewInputBlock("rating_b", plain("Rating"), nil, rating),
			slack.NewInputBlock("well_b", plain("What went well"), nil, well),
			notesBlock,
		}}}
	opened, _ := openModal(t, s, b, modal)

	env, err := s.SubmitView(ctx, "U1", opened.View.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	ev := b.next(t, socketmode.EventTypeInteractive)
	st := ev.Data.(slack.InteractionCallback).View.State.Values
	if st["rating_b"]["rating"].SelectedOption.Value != "4" || st["well_b"]["well"].Value != "pairing went well" {
		t.Errorf("initial values not submitted: %+v", st)
	}
	var raw struct {
		View struct {
			State struct {
				Values map[string]map[string]map[string]json.RawMessage `json:"values"`
			} `json:"state"`
		} `json:"view"`
	}
	if err := json.Unmarshal(env.Payload(), &raw); err != nil {
		t.Fatal(err)
	}
	if got := string(raw.View.State.Values["notes_b"]["notes"]["value"]); got != "null" {
		t.Errorf("empty optional input value = %s, want null", got)
	}

	thanks := slack.ModalViewRequest{Type: slack.VTModal, Title: plain("Thanks"), CallbackID: "thanks",
		Blocks: slack.Blocks{BlockSet: []slack.Block{slack.NewDividerBlock()}}}
	_ = b.sm.Ack(*ev.Request, slack.NewUpdateViewSubmissionResponse(&thanks))
	if ack, err := env.WaitAck(ctx); err != nil || ack.Problem != "" {
		t.Fatalf("ack %+v %v", ack, err)
	}
	v, ok := s.View(opened.View.ID)
	if !ok || !v.Open || v.CallbackID != "thanks" || v.Hash == opened.View.Hash {
		t.Fatalf("after response_action update: %+v", v)
	}
}

func TestResponseURLAndSlashAckInChannel(t *testing.T) {
	s, _ := newServer(t, slackfake.Options{})
	b := startBot(t, s)
	ctx := testCtx(t)
	hr := s.AddChannel("hr", "U1")

	if _, err := s.SlashCommandIn(ctx, "U2", hr, "/mentor", ""); err == nil {
		t.Error("U2 typed a command in a channel they are not in")
	}
	env, err := s.SlashCommandIn(ctx, "U1", hr, "/mentor", "announce")
	if err != nil {
		t.Fatal(err)
	}
	ev := b.next(t, socketmode.EventTypeSlashCommand)
	cmd := ev.Data.(slack.SlashCommand)
	if cmd.ChannelID != hr || cmd.ChannelName != "hr" {
		t.Errorf("channel %q %q", cmd.ChannelID, cmd.ChannelName)
	}
	_ = b.sm.Ack(*ev.Request, map[string]string{"response_type": "in_channel", "text": "Sign up now"})
	if _, err := env.WaitAck(ctx); err != nil {
		t.Fatal(err)
	}
	msgs := s.Messages(hr)
	if len(msgs) != 1 || msgs[0].Text != "Sign up now" || msgs[0].Source != "slash_ack" {
		t.Fatalf("channel messages = %+v", msgs)
	}

	// replace_original on a slash command's response_url replaces its last reply.
	if _, _, err := b.api.PostMessageContext(ctx, "", slack.MsgOptionText("Sign up today", false),
		slack.MsgOptionReplaceOriginal(cmd.ResponseURL)); err != nil {
		t.Fatal(err)
	}
	if msgs := s.Messages(hr); len(msgs) != 1 || msgs[0].Text != "Sign up today" || !msgs[0].Updated {
		t.Fatalf("after replace_original: %+v", msgs)
	}
	if _, _, err := b.api.PostMessageContext(ctx, "", slack.MsgOptionDeleteOriginal(cmd.ResponseURL)); err != nil {
		t.Fatal(err)
	}
	if msgs := s.Messages(hr); len(msgs) != 0 {
		t.Fatalf("after delete_original: %+v", msgs)
	}
	calls := s.Calls("response_url")
	if len(calls) != 2 || calls[0].Param("replace_original") != "true" {
		t.Errorf("response_url calls = %+v", calls)
	}
}
