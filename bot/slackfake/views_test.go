package slackfake_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot/slackfake"
)

func TestViewsOpenTriggers(t *testing.T) {
	s, clk := newServer(t, slackfake.Options{TriggerTTL: 3 * time.Second})
	startBot(t, s)
	ctx := testCtx(t)
	api := newAPI(s)

	trigger := func() string {
		env, err := s.SlashCommand(ctx, "U1", "/mentor", "signup")
		if err != nil {
			t.Fatal(err)
		}
		var cmd slack.SlashCommand
		if err := json.Unmarshal(env.Payload(), &cmd); err != nil {
			t.Fatal(err)
		}
		return cmd.TriggerID
	}
	modal := slack.ModalViewRequest{Type: slack.VTModal, Title: slack.NewTextBlockObject(slack.PlainTextType, "Sign up", false, false),
		Blocks: slack.Blocks{BlockSet: []slack.Block{slack.NewDividerBlock()}}}

	used := trigger()
	if _, err := api.OpenViewContext(ctx, used, modal); err != nil {
		t.Fatal(err)
	}
	expired := trigger()
	clk.Advance(3*time.Second + time.Millisecond)

	tests := []struct {
		name, trigger, want string
	}{
		{"exchanged", used, "exchanged_trigger_id"},
		{"expired", expired, "expired_trigger_id"},
		{"unknown", "123.456.abc", "invalid_trigger_id"},
	}
	for _, tc := range tests {
		if _, err := api.OpenViewContext(ctx, tc.trigger, modal); slackError(err) != tc.want {
			t.Errorf("%s: %v, want %s", tc.name, err, tc.want)
		}
	}

	fresh := trigger()
	long := modal
	long.Title = slack.NewTextBlockObject(slack.PlainTextType, strings.Repeat("t", 25), false, false)
	if _, err := api.OpenViewContext(ctx, fresh, long); slackError(err) != "invalid_arguments" {
		t.Errorf("25-character title: %v", err)
	}
	if _, err := api.OpenViewContext(ctx, fresh, modal); err != nil {
		t.Errorf("a refused view must not use up the trigger: %v", err)
	}
}

func TestViewsUpdateAndPublish(t *testing.T) {
	s, _ := newServer(t, slackfake.Options{})
	startBot(t, s)
	ctx := testCtx(t)
	api := newAPI(s)

	env, err := s.SlashCommand(ctx, "U1", "/mentor", "")
	if err != nil {
		t.Fatal(err)
	}
	var cmd slack.SlashCommand
	_ = json.Unmarshal(env.Payload(), &cmd)
	title := func(s string) *slack.TextBlockObject {
		return slack.NewTextBlockObject(slack.PlainTextType, s, false, false)
	}
	modal := slack.ModalViewRequest{Type: slack.VTModal, Title: title("One"), Blocks: slack.Blocks{BlockSet: []slack.Block{slack.NewDividerBlock()}}}
	opened, err := api.OpenViewContext(ctx, cmd.TriggerID, modal)
	if err != nil {
		t.Fatal(err)
	}
	modal.Title = title("Two")
	if _, err := api.UpdateViewContext(ctx, modal, "", "1.stale", opened.View.ID); slackError(err) != "hash_conflict" {
		t.Errorf("stale hash: %v", err)
	}
	updated, err := api.UpdateViewContext(ctx, modal, "", opened.View.Hash, opened.View.ID)
	if err != nil {
		t.Fatal(err)
	}
	if updated.View.ID != opened.View.ID || updated.View.Hash == opened.View.Hash || updated.View.Title.Text != "Two" {
		t.Errorf("updated view %+v", updated.View)
	}
	if _, err := api.UpdateViewContext(ctx, modal, "", "", "V404"); slackError(err) != "not_found" {
		t.Errorf("unknown view: %v", err)
	}

	home := slack.HomeTabViewRequest{Type: slack.VTHomeTab, CallbackID: "home", Blocks: slack.Blocks{BlockSet: []slack.Block{slack.NewDividerBlock()}}}
	first, err := api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: "U2", View: home})
	if err != nil {
		t.Fatal(err)
	}
	second, err := api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: "U2", View: home})
	if err != nil || second.View.ID != first.View.ID {
		t.Fatalf("republish: %v, id %q vs %q", err, second.View.ID, first.View.ID)
	}
	stale := first.View.Hash
	if _, err := api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: "U2", View: home, Hash: &stale}); slackError(err) != "hash_conflict" {
		t.Errorf("publish with stale hash: %v", err)
	}
	if v, ok := s.HomeView("U2"); !ok || v.CallbackID != "home" || v.Type != "home" {
		t.Errorf("HomeView = %+v %v", v, ok)
	}
	if _, err := api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: "U2", View: slack.HomeTabViewRequest{Type: slack.VTModal}}); slackError(err) != "invalid_arguments" {
		t.Errorf("modal published as home: %v", err)
	}
}
